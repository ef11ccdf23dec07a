"""Figures for the gallery: one look for all fourteen, no display needed.

matplotlib's object API on an Agg canvas, never pyplot, as in kzoo.plots:
experiments run in tests, scripts and notebooks alike, and leave the user's
matplotlib state alone.
"""

# 1200 x 450 pixels at this size: readable on a page, ~100 kB as a PNG.
PANEL_WIDTH, HEIGHT, DPI = 4.0, 4.5, 100


def new_figure(panels=1, title=None, width=None):
    """A figure with `panels` side-by-side axes.

    Returns:
        `(figure, axes)`, where `axes` is a list even for one panel.
    """
    from matplotlib.figure import Figure

    figure = Figure(
        figsize=(width or PANEL_WIDTH * panels, HEIGHT), dpi=DPI, layout="constrained"
    )
    axes = figure.subplots(1, panels, squeeze=False)[0].tolist()
    if title:
        figure.suptitle(title)
    return figure, axes


def save_figure(figure, path):
    """Writes `figure` as a PNG at `path` and returns the path."""
    figure.savefig(path)
    return path
