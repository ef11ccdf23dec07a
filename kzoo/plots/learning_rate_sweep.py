"""Draws a learning-rate sweep: the loss against a log learning-rate axis,
with the suggested rate marked (see `kzoo.tuning.find_learning_rate`)."""

import math

from kzoo.plots.learning_curves import _plain


def plot_learning_rate_sweep(rates, losses, smoothed, suggestion, minimum, path):
    """Writes a PNG of each step's loss and its smoothed curve by learning rate.

    Args:
        rates: The learning rate of each step.
        losses: Each step's own batch loss, drawn faint behind.
        smoothed: The smoothed loss, the curve the suggestion is read from.
        suggestion: The suggested rate (NaN for none), marked in red.
        minimum: The rate of the lowest smoothed loss; its tenth is marked.
        path: Where to write the PNG.

    Returns:
        The path written.
    """
    from matplotlib import ticker
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8.0, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    axes.plot(rates, losses, color="0.75", linewidth=0.8, label="batch loss")
    axes.plot(rates, smoothed, color="C0", linewidth=2, label="smoothed loss")
    if math.isfinite(suggestion):
        axes.axvline(suggestion, color="C3", label=f"suggestion {_plain(suggestion)}")
    tenth = f"minimum / 10: {_plain(minimum / 10)}"
    axes.axvline(minimum / 10, color="C2", linestyle="--", label=tenth)
    axes.set_xscale("log")
    axes.xaxis.set_major_formatter(ticker.FuncFormatter(_plain))
    finite = [v for v in smoothed if math.isfinite(v)]
    if finite:  # Room for the fall and the start of the rise, not the blow-up.
        low, high = min(finite), max(finite[0], min(finite) * 2)
        axes.set_ylim(low - 0.1 * (high - low), high + 0.3 * (high - low))
    axes.set(
        title="Learning-rate sweep",
        xlabel="learning rate (log scale)",
        ylabel="training loss",
    )
    axes.legend(loc="upper left")
    figure.tight_layout()
    figure.savefig(path)
    return path
