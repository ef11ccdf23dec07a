"""Draws learning curves: train against dev, with the smoothed batch loss,
and the learning rate.

Uses matplotlib's object API on an Agg canvas, never pyplot, so it needs no
display and leaves the user's matplotlib state alone.
"""

import math

FIGSIZE, DPI = (14.0, 4.2), 100  # 1400 x 420 pixels.


def plot_learning_curves(history, batches, path, metric=None, title=None, marks=()):
    """Writes a PNG of loss, `metric` and the learning rate, by epoch.

    The loss axis is logarithmic: a few batch-loss spikes, tens of times the
    typical loss, would otherwise flatten the train and dev curves into a
    line at zero. Its lower end follows the epoch curves and the smoothed
    batch loss, so a single near-perfect batch does not stretch it either.
    An accuracy is drawn in percent; the learning rate, on a log axis.

    Args:
        history: Per-epoch rows (dicts) with `epoch`, `loss` and optionally
            `val_loss`, the metric, `val_<metric>` and `learning_rate`.
        batches: Per-batch rows with `epoch`, `batch`, `loss` and
            `smoothed_loss`, drawn behind the epoch curves.
        path: Where to write the PNG.
        metric: The metric for the second panel; `None` picks `accuracy` if
            logged, else the first other metric. Defaults to `None`.
        title: A title over the panels. Defaults to `None`.
        marks: `(x, label)` pairs, each a dashed line across the panels at
            x in fractional epochs (a change made after epoch E is at x = E,
            where the next epoch starts), labelled on the learning-rate
            panel. Defaults to `()`.

    Returns:
        The path written.
    """
    draw_learning_curves(history, batches, metric, title, marks).savefig(path)
    return path


def draw_learning_curves(history, batches, metric=None, title=None, marks=()):
    """The figure that `plot_learning_curves` writes, on an Agg canvas.

    Returns:
        A `matplotlib.figure.Figure` with the loss, metric and learning-rate
        axes, in that order.
    """
    from matplotlib import ticker
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGSIZE, dpi=DPI)
    # Fixed margins: constrained layout would double the drawing time, which
    # LearningCurves pays at the end of every fit.
    figure.subplots_adjust(
        left=0.05, right=0.99, bottom=0.12, top=0.86 if title else 0.9, wspace=0.25
    )
    FigureCanvasAgg(figure)
    loss_axes, metric_axes, rate_axes = figure.subplots(1, 3)
    _plot_loss(loss_axes, history, batches)
    metric = metric or pick_metric(history)
    if metric:
        _plot_metric(metric_axes, history, metric)
    else:
        _nothing(metric_axes, "no metric recorded")
    _plot_learning_rate(rate_axes, history)
    _mark(figure.axes, marks)
    if title:
        figure.suptitle(title)
    for axes in (loss_axes, metric_axes, rate_axes):
        if axes.has_data():
            axes.set_xlabel("epoch")
            axes.xaxis.set_major_locator(
                ticker.MaxNLocator(integer=True, min_n_ticks=1)
            )
            axes.grid(alpha=0.3, which="major")
    # "best" scans every point for a free spot: too slow for batch curves.
    for axes, where in ((loss_axes, "upper right"), (metric_axes, "best")):
        if axes.get_legend_handles_labels()[0]:
            axes.legend(loc=where, fontsize="small")
    return figure


def decision_marks(decisions):
    """The `marks` of babysitting decisions (see `kzoo.callbacks.Babysitter`):
    one per change of learning rate, at the epoch after which it was made."""
    return [
        (float(d["epoch"]), f"α {d['learning_rate']:.2g} ({d['by']})")
        for d in decisions
        if "learning_rate" in d
    ]


def _mark(panels, marks):
    for x, label in marks:
        for axes in panels:
            axes.axvline(x, color="tab:purple", linestyle="--", linewidth=1)
        # The label once, on the learning-rate panel, where the change shows.
        panels[-1].annotate(
            label,
            (x, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            va="top",
            fontsize="small",
            color="tab:purple",
        )


def _plot_loss(axes, history, batches):
    _plot_batches(axes, batches)
    _plot_epochs(axes, history, "loss")
    if axes.has_data():
        axes.set_xlim(left=0)  # Training starts at epoch 0.
    # The range of the curves a person reads; raw batch losses may leave it
    # downwards (a near-perfect batch), never upwards.
    read = _positive(history, "loss", "val_loss") + _positive(batches, "smoothed_loss")
    top = max(read + _positive(batches, "loss"), default=None)
    _log_axis(axes, min(read, default=None), top)
    if read:
        axes.set_ylim(bottom=min(read) / 2)
    axes.set(title="Loss", ylabel="loss (log scale)")


def _plot_metric(axes, history, metric):
    percent = "accuracy" in metric
    _plot_epochs(axes, history, metric, scale=100.0 if percent else 1.0)
    name = metric.replace("_", " ")
    axes.set(title=name.capitalize(), ylabel=f"{name} (%)" if percent else name)


def _plot_learning_rate(axes, history):
    points = [
        (int(r["epoch"]) + 1, float(r["learning_rate"]))
        for r in history
        if _finite(r.get("learning_rate")) and float(r["learning_rate"]) > 0
    ]
    if not points:
        _nothing(axes, "no learning rate recorded")
        return
    # Each epoch's rate (the one it started with), at the epoch's end as the
    # other panels place an epoch's figures.
    axes.plot(*zip(*points, strict=True), "-o", color="tab:green", markersize=4)
    rates = [rate for _, rate in points]
    _log_axis(axes, min(rates), max(rates))
    axes.set(title="Learning rate", ylabel="learning rate (log scale)")


def _log_axis(axes, low, high):
    """A log y axis labelled with plain numbers (0.001, not mathtext's 10^-3,
    which is slower to draw). Where the data span less than about a decade,
    where no power of ten may be in view, ticks go at round numbers
    instead (a log axis that narrow looks linear anyway)."""
    from matplotlib import ticker

    axes.set_yscale("log", nonpositive="mask")
    axes.yaxis.set_major_formatter(ticker.FuncFormatter(_plain))
    if low and high and high / low < 20:
        axes.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5))
        axes.yaxis.set_minor_locator(ticker.NullLocator())
        # Matplotlib would widen a single value (a constant rate) to two
        # decades, too wide for these ticks.
        axes.set_ylim(low / 1.15, high * 1.15)
    else:
        axes.yaxis.set_minor_formatter(ticker.NullFormatter())


def _plain(value, position=None):
    """A tick label as short as it reads: 0.1, 5, 100, 8.4e-4."""
    if value and abs(value) < 0.01:
        mantissa, exponent = f"{value:.2e}".split("e")
        return f"{float(mantissa):g}e{int(exponent)}"
    return f"{value:g}"


def _positive(rows, *keys):
    return [
        float(r[key])
        for r in rows
        for key in keys
        if _finite(r.get(key)) and float(r[key]) > 0
    ]


def _nothing(axes, text):
    axes.set_axis_off()
    axes.text(0.5, 0.5, text, ha="center", va="center", color="0.5")


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


def _plot_epochs(axes, history, key, scale=1.0):
    # Epoch e's figures are taken at its end, x = e + 1 in fractional epochs.
    for name, label, style in ((key, "train", "-o"), (f"val_{key}", "dev", "-s")):
        points = [
            (int(r["epoch"]) + 1, r[name])
            for r in history
            if r.get(name) not in (None, "")
        ]
        if not points:
            continue
        good = [(x, float(v) * scale) for x, v in points if _finite(v)]
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
