"""Exponentially weighted averages: how far back they look, and their bias.

The course's average is V_t = beta * V_{t-1} + (1 - beta) * theta_t, from
V_0 = 0, read with bias correction as V_t / (1 - beta^t). It is written out
here, in `exponential_average`, because that is what a student should see:
kzoo's own (behind `kzoo.callbacks.LearningCurves`) is private. The
experiment

- smooths a year of temperature-like daily readings (a seasonal sinusoid
  around 52 degrees F, as in the course's London example, plus Gaussian
  noise of 5 degrees F drawn from the seed) with beta = 0.5, 0.9 and 0.98;
- measures each average's window as the lag after a step change: the days
  it takes, after the readings jump from 0 to 1, to cover 1 - 1/e of the
  jump (the weights of the last n days sum to 1 - beta^n, and
  beta^(1/(1-beta)) is about 1/e);
- compares the first days with and without bias correction;
- cross-checks the formula against `kzoo.callbacks.LearningCurves`, which
  smooths a real training run's batch losses with beta = 0.9: the same
  formula applied to its recorded batch losses gives its smoothed curve.

Choices the course leaves open: the noise (5 degrees F, about a third of
the seasonal swing) makes the averages' smoothing visible without hiding the
season; the training run is softmax regression with SGD (rate 0.1, batches
of 20) on 2,000 digits (quick) or 6,000 (full) for one epoch, just long
enough for the loss to fall and flatten. The averages do not depend on the
data size, so quick and full runs measure the same windows.
"""

import math
import sys
import tempfile

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "Exponential averages look back about 1/(1 - beta) steps"
BETAS = (0.5, 0.9, 0.98)
DAYS = 365
COLORS = {0.5: "#55a868", 0.9: "#c44e52", 0.98: "#4c72b0"}


def exponential_average(values, beta, bias_correction=True):
    """The course's V_t = beta * V_{t-1} + (1 - beta) * theta_t, from V_0 = 0,
    divided by (1 - beta^t) when `bias_correction`."""
    averages, v = [], 0.0
    for t, theta in enumerate(values, 1):
        v = beta * v + (1 - beta) * theta
        averages.append(v / (1 - beta**t) if bias_correction else v)
    return np.array(averages)


def run(setting):
    days = np.arange(1, DAYS + 1)
    season = 52 + 14 * np.sin(2 * np.pi * (days - 110) / DAYS)
    readings = season + setting.rng(stream=2).normal(0.0, 5.0, DAYS)
    corrected = {b: exponential_average(readings, b) for b in BETAS}
    raw = {b: exponential_average(readings, b, bias_correction=False) for b in BETAS}
    windows = {b: _window(b) for b in BETAS}
    # How low the uncorrected beta = 0.98 average starts: its share of the
    # corrected one over the first 10 days, and the days until it is within 5%.
    share = raw[0.98][:10].mean() / corrected[0.98][:10].mean()
    settled = int(np.argmax(raw[0.98] >= 0.95 * corrected[0.98])) + 1
    losses, logged = _training_run(setting)
    ours = exponential_average(losses, 0.9)
    cross_check = float(np.max(np.abs(ours - logged)))

    figure, axes = new_figure(4, title=TITLE)
    _plot_series(axes[0], days, readings, season, corrected)
    _plot_start(axes[1], days, readings, corrected, raw)
    _plot_steps(axes[2], windows)
    _plot_losses(axes[3], losses, ours, logged)
    expected = {b: 1 / (1 - b) for b in BETAS}
    holds = bool(
        all(abs(windows[b] - expected[b]) <= 0.1 * expected[b] + 0.5 for b in BETAS)
        and share < 0.2
        and cross_check < 1e-5
    )
    values = {f"window_{b}": float(windows[b]) for b in BETAS}
    values |= {
        "start_share_uncorrected_0.98": float(share),
        "days_uncorrected_within_5pct_0.98": float(settled),
        "first_reading": float(readings[0]),
        "first_uncorrected_0.98": float(raw[0.98][0]),
        "first_corrected_0.98": float(corrected[0.98][0]),
        "learning_curves_max_difference": cross_check,
        "learning_curves_steps": float(len(losses)),
    }
    return Finding(
        claim="An exponentially weighted average with beta = 0.9, 0.98 and 0.5 "
        "averages over about 1/(1 - beta) = 10, 50 and 2 steps; without bias "
        "correction its first values start near zero.",
        measured=(
            "after a step change the averages cover 1 - 1/e of the jump in "
            + ", ".join(f"{windows[b]} (beta {b})" for b in BETAS)
            + f" steps; uncorrected, the beta = 0.98 average's first 10 days are "
            f"{share:.0%} of the corrected ones (day 1: {raw[0.98][0]:.1f} vs "
            f"{readings[0]:.1f} degrees F) and it needs {settled} days to come "
            f"within 5%; the formula reproduces LearningCurves' smoothed batch "
            f"loss to within {cross_check:.1e}."
        ),
        look="Left: the larger beta, the smoother the curve and the later it "
        "follows the season. Second panel: without bias correction the "
        "beta = 0.98 average starts at zero and creeps up for weeks; corrected, "
        "it starts on the data. Third: the dotted lines mark where each "
        "average has covered 1 - 1/e of a jump, at about 1/(1 - beta) steps.",
        holds=holds,
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


def _window(beta, before=20):
    """Steps after a jump from 0 to 1 until the average has covered 1 - 1/e
    of it. The readings were 0 before the jump, so V_0 = 0 is the truth,
    not a bias to correct: the correction is left out."""
    steps = np.r_[np.zeros(before), np.ones(20 * math.ceil(1 / (1 - beta)))]
    average = exponential_average(steps, beta, bias_correction=False)
    return int(np.argmax(average[before:] >= 1 - 1 / math.e)) + 1


def _training_run(setting):
    """A real run's batch losses, and LearningCurves' smoothed curve of them
    (beta = 0.9, bias-corrected)."""
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    import kzoo.callbacks
    import kzoo.models
    import kzoo.optimizers

    (x, y), _ = setting.mnist(train=setting.pick(2000, 6000), dev=0)
    keras.utils.set_random_seed(setting.seed)
    model = kzoo.models.softmax_regression(
        input_shape=(784,), optimizer=kzoo.optimizers.sgd(learning_rate=0.1)
    )
    with tempfile.TemporaryDirectory() as log_dir:
        curves = kzoo.callbacks.LearningCurves(log_dir, beta=0.9, live=False)
        model.fit(x, y, batch_size=20, epochs=1, callbacks=[curves], verbose=0)
    losses = np.array([row["loss"] for row in curves.batches])
    logged = np.array([row["smoothed_loss"] for row in curves.batches])
    return losses, logged


def _plot_series(axis, days, readings, season, corrected):
    axis.scatter(days, readings, s=4, color="gray", alpha=0.5, label="daily reading")
    for beta, average in corrected.items():
        axis.plot(
            days,
            average,
            color=COLORS[beta],
            linewidth=1.5 if beta > 0.5 else 1,
            label=f"beta = {beta} (~{1 / (1 - beta):.0f} days)",
        )
    axis.plot(
        days,
        season,
        color="black",
        linewidth=1,
        linestyle=":",
        label="season (no noise)",
    )
    axis.set_xlabel("day")
    axis.set_ylabel("temperature (degrees F)")
    axis.set_title("A year of noisy readings, averaged")
    axis.legend(fontsize=8, loc="upper left")


def _plot_start(axis, days, readings, corrected, raw, first=60):
    axis.scatter(
        days[:first],
        readings[:first],
        s=8,
        color="gray",
        alpha=0.6,
        label="daily reading",
    )
    for beta in (0.9, 0.98):
        axis.plot(
            days[:first],
            corrected[beta][:first],
            color=COLORS[beta],
            label=f"beta = {beta}, corrected",
        )
        axis.plot(
            days[:first],
            raw[beta][:first],
            color=COLORS[beta],
            linestyle="--",
            label=f"beta = {beta}, no correction",
        )
    axis.set_xlabel("day")
    axis.set_ylabel("temperature (degrees F)")
    axis.set_title(f"The first {first} days: bias correction")
    axis.set_ylim(bottom=0)
    axis.legend(fontsize=8, loc="lower right")


def _plot_steps(axis, windows, length=150):
    # Settled on 0 before the jump: the average starts from V = 0.
    t = np.arange(1, length + 1)
    axis.plot(t, np.ones(length), color="gray", label="input: 1 from step 1")
    for beta, window in windows.items():
        average = exponential_average(np.ones(length), beta, bias_correction=False)
        axis.plot(
            t, average, color=COLORS[beta], label=f"beta = {beta}: {window} steps"
        )
        axis.axvline(window, color=COLORS[beta], linestyle=":", linewidth=1)
    axis.axhline(
        1 - 1 / math.e,
        color="black",
        linewidth=0.8,
        linestyle="--",
        label="1 - 1/e of the jump",
    )
    axis.set_xscale("log")
    axis.set_xlabel("steps since the jump from 0 to 1 (log scale)")
    axis.set_ylabel("average (no correction)")
    axis.set_title("Window: steps to follow a jump")
    axis.legend(fontsize=8, loc="lower right")


def _plot_losses(axis, losses, ours, logged):
    steps = np.arange(1, len(losses) + 1)
    axis.scatter(steps, losses, s=6, color="gray", alpha=0.6, label="batch loss")
    axis.plot(
        steps, ours, color=COLORS[0.9], linewidth=2, label="beta = 0.9, this script"
    )
    axis.plot(
        steps,
        logged,
        color="black",
        linewidth=0.8,
        linestyle="--",
        label="LearningCurves' smoothed loss",
    )
    axis.set_xlabel("training step (batch of 20)")
    axis.set_ylabel("batch cross-entropy loss (nats)")
    axis.set_title("A real run: softmax regression, SGD")
    axis.legend(fontsize=8)


if __name__ == "__main__":
    sys.exit(main(__name__))
