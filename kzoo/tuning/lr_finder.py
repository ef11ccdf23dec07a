"""`find_learning_rate`: the learning-rate range test on true per-batch losses.

The test trains for about a hundred steps while the learning rate grows
exponentially, from far too small to far too large, and reads off where the
loss falls fastest. Two details decide whether its answer can be trusted:

- The loss of each step is that batch's own loss (`train_on_batch`), not
  the running mean since the start of the epoch that Keras hands callbacks
  (`logs["loss"]`), which lags behind the rate and pushes a suggestion read
  from it too high (tensorflow/tensorflow#58098).
- The curve is smoothed by the course's bias-corrected exponentially
  weighted average, the one `kzoo.callbacks.LearningCurves` draws.

The sweep trains a copy of the model, with a fresh optimizer of the same
kind and settings, so the model's weights and its optimizer's state are
exactly what they were before.
"""

import dataclasses
import math

import keras
import numpy as np

from kzoo._internal import files
from kzoo._internal.smoothing import ExponentialAverage
from kzoo._internal.validation import (
    check_fraction,
    check_positive,
    check_positive_int,
    invalid,
)

CSV, PLOT, SUMMARY = "lr_find.csv", "lr_find.png", "lr_find.json"


@dataclasses.dataclass(frozen=True)
class LearningRateSweep:
    """What a learning-rate sweep saw, and the rate it suggests.

    Attributes:
        learning_rates: The rate of each step.
        losses: Each step's own batch loss.
        smoothed: The bias-corrected moving average of `losses`.
        suggestion: The rate where the smoothed loss falls fastest per
            decade of learning rate (its steepest descent, read over 0.8
            decades once the average has warmed up); NaN if it never fell.
        minimum: The rate of the lowest smoothed loss; a tenth of it is the
            other common rule of thumb.
        stopped: Why the sweep ended.
    """

    learning_rates: tuple
    losses: tuple
    smoothed: tuple
    suggestion: float
    minimum: float
    stopped: str

    def summary(self):
        """One line for people: the suggestion, and the minimum's tenth."""
        if math.isfinite(self.suggestion):
            head = (
                f"suggested learning rate: {self.suggestion:.3g} (steepest "
                "descent of the smoothed loss)"
            )
        else:
            head = "no suggestion: the loss never fell (try a smaller start)"
        return (
            f"{head}; the loss is lowest at {self.minimum:.3g}, a tenth of which "
            f"is {self.minimum / 10:.3g}. The sweep {self.stopped}."
        )

    def save(self, directory):
        """Writes `lr_find.csv`, `lr_find.png` and `lr_find.json` (the
        suggestion, the minimum, why it stopped) to `directory`; returns the
        paths of the first two."""
        from kzoo.plots import plot_learning_rate_sweep

        rows = [
            {"step": step, "learning_rate": rate, "loss": loss, "smoothed_loss": ema}
            for step, (rate, loss, ema) in enumerate(
                zip(self.learning_rates, self.losses, self.smoothed, strict=True)
            )
        ]
        directory = files.check_writable_dir("directory", directory)
        found = {"suggestion": self.suggestion, "minimum": self.minimum}
        files.write_json(
            directory / SUMMARY,
            {k: v if math.isfinite(v) else None for k, v in found.items()}
            | {"stopped": self.stopped},
        )
        files.write_csv(
            directory / CSV, ["step", "learning_rate", "loss", "smoothed_loss"], rows
        )
        png = plot_learning_rate_sweep(
            self.learning_rates,
            self.losses,
            self.smoothed,
            self.suggestion,
            self.minimum,
            directory / PLOT,
        )
        return directory / CSV, png


def find_learning_rate(
    model,
    x,
    y,
    batch_size=128,
    start=1e-7,
    stop=10.0,
    steps=100,
    beta=0.9,
    diverge=4.0,
    seed=0,
    verbose=1,
):
    """Sweeps the learning rate of a copy of `model` from `start` to `stop`.

    Args:
        model: A compiled Functional or Sequential `keras.Model`; it and its
            optimizer are left as they were.
        x: Training inputs, a NumPy array.
        y: Training targets, a NumPy array as long as `x`.
        batch_size: Examples a step. Defaults to `128`.
        start: The first learning rate, > 0. Defaults to `1e-7`.
        stop: The last learning rate, > `start`. Defaults to `10.0`.
        steps: Steps of the sweep, at least 5; the batches cycle through a
            shuffle of the data. Defaults to `100`.
        beta: The smoothing's weight of the past, in [0, 1). Defaults to
            `0.9`, as `LearningCurves`.
        diverge: Stop once the smoothed loss exceeds this many times its
            lowest value (or a loss is NaN or Inf). Defaults to `4.0`.
        seed: Seed of the shuffle. Defaults to `0`.
        verbose: 1 shows a progress bar; 0 is quiet. Defaults to `1`.

    Returns:
        A `LearningRateSweep`; `.suggestion` is the suggested rate and
        `.save(directory)` writes its CSV and plot.

    Example:

    ```python
    model = kzoo.create_model("mlp", hidden_units=(256,))
    sweep = kzoo.tuning.find_learning_rate(model, x_train, y_train)
    print(sweep.summary())
    ```
    """
    rates = _rates(start, stop, steps)
    check_fraction("beta", beta)
    if check_positive("diverge", diverge) <= 1:
        raise invalid("diverge", diverge, "must be > 1")
    batches = _batches(x, y, check_positive_int("batch_size", batch_size), seed)
    copy = _copy(model, rates[0])
    average, best = ExponentialAverage(beta), math.inf
    losses, smoothed = [], []
    progress = keras.utils.Progbar(len(rates), verbose=verbose, unit_name="step")
    stopped = f"reached its last rate, {rates[-1]:.3g}"
    for rate in rates:
        copy.optimizer.learning_rate = rate
        loss = float(copy.train_on_batch(*next(batches), return_dict=True)["loss"])
        losses.append(loss)
        smoothed.append(average.add(loss))
        progress.add(1, [("learning_rate", rate), ("smoothed_loss", smoothed[-1])])
        best = min(best, smoothed[-1])
        if not math.isfinite(loss) or smoothed[-1] > diverge * best:
            what = "was not finite" if not math.isfinite(loss) else "diverged"
            stopped = f"stopped at {rate:.3g}, where the loss {what}"
            break
    if verbose and len(losses) < len(rates):
        print()  # The bar ends its line only at its last step.
    rates = rates[: len(losses)]
    return LearningRateSweep(
        learning_rates=tuple(rates),
        losses=tuple(losses),
        smoothed=tuple(smoothed),
        suggestion=_steepest(rates, smoothed, beta),
        minimum=rates[int(np.nanargmin(smoothed))],
        stopped=stopped,
    )


def _rates(start, stop, steps):
    check_positive("start", start)
    if check_positive("stop", stop) <= start:
        raise invalid("stop", stop, f"must be greater than start={start!r}")
    if check_positive_int("steps", steps) < 5:
        raise invalid("steps", steps, "must be at least 5")
    return list(np.geomspace(start, stop, steps))


def _batches(x, y, batch_size, seed):
    """Batches of a new shuffle of (x, y) each pass, without end."""
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y) or not len(x):
        raise invalid("y", f"{len(y)} targets", f"must match the {len(x)} inputs")
    batch_size = min(batch_size, len(x))
    rng = np.random.default_rng(seed)
    while True:
        order = rng.permutation(len(x))
        for begin in range(0, len(x) - batch_size + 1, batch_size):
            chosen = order[begin : begin + batch_size]
            yield x[chosen], y[chosen]


def _copy(model, rate):
    """`model`'s copy, compiled with a fresh optimizer like its own."""
    if not isinstance(model, keras.Model) or getattr(model, "optimizer", None) is None:
        raise invalid("model", model, "must be a compiled keras.Model")
    try:
        copy = keras.models.clone_model(model)
    except (TypeError, ValueError) as error:
        raise invalid("model", model.name, f"cannot be copied: {error}") from None
    copy.set_weights(model.get_weights())
    config = {**model.optimizer.get_config(), "learning_rate": rate}
    copy.compile(optimizer=type(model.optimizer).from_config(config), loss=model.loss)
    return copy


def _steepest(rates, smoothed, beta):
    """The rate where the smoothed loss falls fastest, before its minimum.

    The slope is read over 0.4 decades of learning rate either side, not
    step to step, and only once the average has warmed up (about
    1 / (1 - beta) steps): a single lucky batch among the first steps would
    otherwise look like the steepest fall of all.
    """
    log_rates = np.log10(rates)
    lowest = int(np.nanargmin(smoothed))
    per_step = (log_rates[-1] - log_rates[0]) / max(len(rates) - 1, 1)
    half = max(1, round(0.4 / per_step)) if per_step > 0 else 1
    start = min(round(1 / (1 - beta)), lowest) + half
    slopes = {
        i: (smoothed[i + half] - smoothed[i - half])
        / (log_rates[i + half] - log_rates[i - half])
        for i in range(start, lowest - half + 1)
    }
    if not slopes or min(slopes.values()) >= 0:
        return math.nan
    return float(rates[min(slopes, key=slopes.get)])
