"""Draws a hyperparameter search: every trial's learning curves, best first,
and dev error against each hyperparameter on the scale it was sampled on."""

import math

from kzoo.plots.learning_curves import _plain


def plot_trial_curves(trials, path, columns=4):
    """Writes a grid of each trial's train and dev loss by epoch.

    Args:
        trials: `(title, history)` pairs, best first; `history` holds a
            trial's `history.csv` rows (`loss`, `val_loss`).
        path: Where to write the PNG.
        columns: Panels a row. Defaults to `4`.

    Returns:
        The path written.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = max(1, math.ceil(len(trials) / columns))
    figure = Figure(figsize=(3.2 * columns, 2.6 * rows), dpi=100)
    FigureCanvasAgg(figure)
    grid = figure.subplots(rows, columns, squeeze=False, sharey=True)
    for axes, (title, history) in zip(grid.flat, trials, strict=False):
        epochs = [int(row["epoch"]) + 1 for row in history]
        for key, label in (("loss", "train"), ("val_loss", "dev")):
            values = [_float(row.get(key)) for row in history]
            axes.plot(epochs, values, marker="o", markersize=3, label=label)
        axes.set_yscale("log")
        axes.set_title(title, fontsize=9)
        axes.set_xlabel("epoch", fontsize=8)
    for axes in list(grid.flat)[len(trials) :]:
        axes.set_axis_off()
    grid.flat[0].set_ylabel("loss (log scale)")
    if trials:
        grid.flat[0].legend(fontsize=8)
    figure.suptitle("Every trial's learning curves, best dev accuracy first")
    figure.tight_layout()
    figure.savefig(path)
    return path


def plot_dev_error_by_hyperparameter(rows, scales, path):
    """Writes one panel per hyperparameter: each trial's dev error at its value.

    Args:
        rows: Leaderboard rows: `dev_accuracy` and one value per name.
        scales: `{name: scale}` as `kzoo.tuning.Range.scale` names them; a
            log axis where the search sampled on a log scale or in powers of
            two, and for a beta, 1 - beta on a log axis.
        path: Where to write the PNG.

    Returns:
        The path written.
    """
    from matplotlib import ticker
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = list(scales)
    columns = min(4, max(1, len(names)))
    rows_of_panels = max(1, math.ceil(len(names) / columns))
    figure = Figure(figsize=(3.4 * columns, 2.8 * rows_of_panels), dpi=100)
    FigureCanvasAgg(figure)
    grid = figure.subplots(rows_of_panels, columns, squeeze=False, sharey=True)
    panels = list(grid.flat)
    for axes in panels[len(names) :]:
        axes.set_axis_off()
    done = [row for row in rows if math.isfinite(_float(row.get("dev_accuracy")))]
    errors = [1 - _float(row["dev_accuracy"]) for row in done]
    for axes, name in zip(panels, names, strict=False):
        gap = scales[name] == "one_minus_log"
        values = [_float(row.get(name)) for row in done]
        values = [1 - v for v in values] if gap else values
        axes.scatter(values, errors, s=18)
        if scales[name] in ("log", "one_minus_log", "power_of_two"):
            axes.set_xscale("log")
            axes.xaxis.set_major_formatter(ticker.FuncFormatter(_plain))
            axes.xaxis.set_minor_formatter(ticker.NullFormatter())
        axes.set_xlabel(f"1 - {name}" if gap else name)
    for row in grid:
        row[0].set_ylabel("dev error")
    figure.suptitle("Dev error by hyperparameter, on the scales they were sampled on")
    figure.tight_layout()
    figure.savefig(path)
    return path


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan
