"""Draws learning curves: train against dev, with the smoothed batch loss.

Uses matplotlib's object API on an Agg canvas, never pyplot, so it needs no
display and leaves the user's matplotlib state alone.
"""

import math

FIGSIZE, DPI = (11.0, 4.2), 100  # 1100 x 420 pixels.


def plot_learning_curves(history, batches, path, metric=None, title=None):
    """Writes a PNG of loss and `metric`, train against dev.

    Args:
        history: Per-epoch rows (dicts) with `epoch`, `loss` and optionally
            `val_loss`, the metric and `val_<metric>`.
        batches: Per-batch rows with `epoch`, `batch`, `loss` and
            `smoothed_loss`, drawn behind the epoch curves.
        path: Where to write the PNG.
        metric: The metric for the second panel; `None` picks `accuracy` if
            logged, else the first other metric. Defaults to `None`.
        title: A title over both panels. Defaults to `None`.

    Returns:
        The path written.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGSIZE, dpi=DPI)
    # Fixed margins: constrained layout would double the drawing time, which
    # LearningCurves pays at the end of every fit.
    figure.subplots_adjust(left=0.06, right=0.985, bottom=0.12, top=0.86, wspace=0.16)
    FigureCanvasAgg(figure)
    loss_axes, metric_axes = figure.subplots(1, 2)
    _plot_batches(loss_axes, batches)
    _plot_epochs(loss_axes, history, "loss")
    loss_axes.set(title="Loss", xlabel="epoch", ylabel="loss")
    metric = metric or pick_metric(history)
    if metric:
        _plot_epochs(metric_axes, history, metric)
        metric_axes.set(title=metric.replace("_", " ").capitalize(), xlabel="epoch")
    else:
        metric_axes.set_axis_off()
    if title:
        figure.suptitle(title)
    # "best" scans every point for a free spot: too slow for batch curves.
    for axes, where in ((loss_axes, "upper right"), (metric_axes, "best")):
        if axes.has_data():
            axes.legend(loc=where, fontsize="small")
            axes.grid(alpha=0.3)
    figure.savefig(path)
    return path


def pick_metric(history):
    """The metric worth a panel: accuracy if logged, else the first other one."""
    keys = [k for row in history for k in row if _is_train_metric(k)]
    return "accuracy" if "accuracy" in keys else (keys[0] if keys else None)


def _is_train_metric(key):
    skip = {"epoch", "loss", "learning_rate"}
    return key not in skip and not key.startswith("val_")


def _finite(value):
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _plot_epochs(axes, history, key):
    # Epoch e's figures are taken at its end, x = e + 1 in fractional epochs.
    for name, label, style in ((key, "train", "-o"), (f"val_{key}", "dev", "-s")):
        points = [
            (int(r["epoch"]) + 1, r[name])
            for r in history
            if r.get(name) not in (None, "")
        ]
        if not points:
            continue
        good = [(x, float(v)) for x, v in points if _finite(v)]
        if good:
            axes.plot(
                *zip(*good, strict=True), style, label=f"{label} {key}", markersize=4
            )
        _mark_non_finite(axes, [x for x, v in points if not _finite(v)], label)


def _plot_batches(axes, batches):
    if not batches:
        return
    per_epoch = {}
    for row in batches:
        epoch = int(row["epoch"])
        per_epoch[epoch] = max(per_epoch.get(epoch, 0), int(row["batch"]) + 1)
    xs = [
        int(r["epoch"]) + (int(r["batch"]) + 1) / per_epoch[int(r["epoch"])]
        for r in batches
    ]
    raw = [float(r["loss"]) if _finite(r["loss"]) else math.nan for r in batches]
    smooth = [
        float(r["smoothed_loss"]) if _finite(r["smoothed_loss"]) else math.nan
        for r in batches
    ]
    axes.plot(xs, raw, color="0.85", linewidth=0.6, label="batch loss")
    axes.plot(
        xs, smooth, color="tab:gray", linewidth=1.2, label="batch loss (smoothed)"
    )
    _mark_non_finite(
        axes,
        [x for x, r in zip(xs, batches, strict=True) if not _finite(r["loss"])],
        "batch",
    )


def _mark_non_finite(axes, xs, label):
    # NaN and Inf have no place on the axis: mark where they happened.
    if xs:
        axes.plot(
            xs,
            [0] * len(xs),
            "x",
            color="red",
            markersize=9,
            transform=axes.get_xaxis_transform(),
            clip_on=False,
            label=f"{label}: NaN/Inf",
        )
