"""`LearningCurves`: per-epoch and true per-batch curves, on disk and drawn."""

import math
import os
from pathlib import Path

import keras

from kzoo._internal import files
from kzoo._internal.smoothing import ExponentialAverage
from kzoo._internal.validation import check_fraction, check_positive_int, invalid
from kzoo.distribution import is_chief
from kzoo.optimizers.learning_rate import current_learning_rate
from kzoo.plots.live import LiveFigure, in_notebook

HISTORY, BATCHES, CURVES = "history.csv", "batches.csv", "curves.png"
BATCH_FIELDS = ["epoch", "batch", "step", "loss", "smoothed_loss"]


class LearningCurves(keras.callbacks.Callback):
    """Records train and dev curves and draws them, the course's monitor.

    Writes to `log_dir`:

    - `history.csv`: one row per epoch, every metric in `logs` (train and
      `val_`) and the learning rate the epoch started with, with an `epoch`
      column numbered as Keras's CSVLogger numbers it (from 0).
    - `batches.csv`: each batch's own loss and its smoothed value. Keras
      hands batch hooks the running mean m_b of the epoch so far (tf-keras
      #393), so the batch's own loss is recovered as
      L_b = b * m_b - (b - 1) * m_{b-1}. Keras weights that mean by batch
      size, so the value is exact for every full batch, and only the last,
      smaller batch of an epoch is approximate.
    - `curves.png`: the loss (log axis) and the main metric, train against
      dev, with the smoothed batch loss behind, and the learning rate, at
      the end of training (and every `plot_every` epochs).

    The smoothing is the course's exponentially weighted average
    V_t = beta * V_{t-1} + (1 - beta) * L_t with bias correction
    V_t / (1 - beta^t); beta = 0.9 averages roughly the last 10 batches.

    In a Jupyter notebook (`live="auto"`, the default), the same figure is
    also shown under the cell and redrawn in place after each epoch,
    throttled so that drawing takes at most `live_overhead` of the time (see
    `kzoo.plots.live`); the last epoch is always drawn. `mark` adds a
    labelled line across the panels, say where the learning rate changed.

    Training that resumes (after `BackupAndRestore`, or a new `fit` with
    `initial_epoch`) continues the files: rows are keyed by epoch, and an
    epoch that starts again replaces whatever a killed run left of it, so
    every epoch appears exactly once. Files are replaced atomically. NaN and
    Inf losses are recorded and marked on the plot.

    Args:
        log_dir: Directory of the three files; created if needed.
        beta: Smoothing factor in [0, 1). Defaults to `0.9`.
        plot_every: Also redraw every this many epochs; `None` draws only at
            the end of training. Defaults to `None`.
        metric: The metric of the plot's second panel; `None` picks
            `accuracy` if logged. Defaults to `None`.
        live: Redraw the figure in the notebook after each epoch: `True`,
            `False`, or `"auto"`, in a Jupyter kernel only. Defaults to
            `"auto"`.
        live_overhead: The share of the time that live redraws may take, in
            (0, 1]. Defaults to `0.1`.

    Example:

    ```python
    curves = kzoo.callbacks.LearningCurves("runs/mlp")
    model.fit(x, y, validation_split=0.1, epochs=5, callbacks=[curves])
    curves.dataframe()  # pandas, one row per epoch
    ```
    """

    def __init__(
        self,
        log_dir,
        beta=0.9,
        plot_every=None,
        metric=None,
        live="auto",
        live_overhead=0.1,
    ):
        super().__init__()
        if live not in (True, False, "auto"):
            raise invalid("live", live, 'must be True, False or "auto"')
        if not isinstance(log_dir, (str, os.PathLike)):
            raise invalid("log_dir", log_dir, "must be a directory path")
        self.log_dir = Path(log_dir)
        self.beta = check_fraction("beta", beta)
        self.plot_every = (
            None if plot_every is None else check_positive_int("plot_every", plot_every)
        )
        self.metric = metric
        self.live, self.live_overhead = live, live_overhead
        # Checked now, shown only if live: a bad overhead fails at once.
        self.live_figure = LiveFigure(live_overhead)
        self.history, self.batches, self.marks = [], [], []

    # === Hooks ===

    def on_train_begin(self, logs=None):
        files.check_writable_dir("log_dir", self.log_dir)
        self.history = _floats(files.read_csv(self.log_dir / HISTORY))
        self.batches = _floats(files.read_csv(self.log_dir / BATCHES))
        self._epoch = None
        self._live = self.live is True or (self.live == "auto" and in_notebook())
        # A first reading compiles it (JAX), before the epochs' clocks run.
        self._learning_rate()

    # Its batch hook only stores the value, so on JAX and torch Keras may run
    # it on a helper thread without waiting for each step to finish.
    async_safe = True

    def on_epoch_begin(self, epoch, logs=None):
        # Forget anything at or after this epoch: the part-epoch of a killed
        # run, or epochs that a restarted fit is about to train again.
        self.history = [r for r in self.history if r["epoch"] < epoch]
        self.batches = [r for r in self.batches if r["epoch"] < epoch]
        self._epoch = epoch
        self._pending = []  # (batch, running mean) pairs, maybe out of order.
        self._replay_smoothing()
        # Read now, before the epoch's first step: at its end the optimizer
        # already holds the next epoch's rate.
        self._epoch_rate = self._learning_rate()

    def on_train_batch_end(self, batch, logs=None):
        self._pending.append((batch, float((logs or {}).get("loss", math.nan))))

    def on_epoch_end(self, epoch, logs=None):
        self._record_batches()
        row = {"epoch": epoch, **{k: _to_float(v) for k, v in (logs or {}).items()}}
        row.setdefault("learning_rate", self._epoch_rate)
        self.history.append(row)
        if not is_chief():
            return  # One process writes the files (kzoo.distribution).
        self._write()
        if self.plot_every and (epoch + 1) % self.plot_every == 0:
            self.plot()
        if self._live and self.live_figure.due():
            self.live_figure.show(self.figure)

    def on_train_end(self, logs=None):
        if not is_chief():
            return
        self._write()
        self.plot()
        if self._live:
            self.live_figure.show(self.figure)

    # === Results ===

    def dataframe(self):
        """The per-epoch records as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.history, columns=self._history_fields())

    def batch_dataframe(self):
        """The per-batch losses as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.batches, columns=BATCH_FIELDS)

    def mark(self, x, label):
        """Marks `x` (fractional epochs: after epoch E, x = E) with `label`
        on the figure from now on."""
        self.marks.append((float(x), str(label)))

    def figure(self):
        """The curves so far as a matplotlib `Figure` (Agg canvas)."""
        from kzoo.plots.learning_curves import draw_learning_curves

        return draw_learning_curves(
            self.history, self.batches, self.metric, marks=self.marks
        )

    def plot(self, path=None):
        """Draws `curves.png` (or `path`); returns the path."""
        path = path or self.log_dir / CURVES
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.figure().savefig(path)
        return path

    def get_config(self):
        return {
            "log_dir": str(self.log_dir),
            "beta": self.beta,
            "plot_every": self.plot_every,
            "metric": self.metric,
            "live": self.live,
            "live_overhead": self.live_overhead,
        }

    # === Internals ===

    def _replay_smoothing(self):
        # Rebuild the average from the batches kept, so a resumed run's
        # curve continues exactly where the finished epochs left it.
        self._average, self._step = ExponentialAverage(self.beta), 0
        for row in self.batches:
            self._step = max(self._step, int(row["step"]))
            if row["loss"] is not None:
                self._average.add(row["loss"])

    def _record_batches(self):
        # Keras's running means, in batch order, give each batch's own loss.
        seen, previous = 0, 0.0
        for batch, mean in sorted(self._pending):
            count = batch + 1
            # Several steps per execution report once: average them.
            loss = (count * mean - seen * previous) / max(count - seen, 1)
            seen, previous = count, mean
            self._step += 1
            smoothed = self._average.add(loss)
            self.batches.append(
                {
                    "epoch": self._epoch,
                    "batch": batch,
                    "step": self._step,
                    "loss": loss,
                    "smoothed_loss": smoothed,
                }
            )
        self._pending = []

    def _learning_rate(self):
        return current_learning_rate(getattr(self.model, "optimizer", None))

    def _history_fields(self):
        keys = {k for row in self.history for k in row} - {"epoch"}
        return ["epoch", *sorted(keys)]

    def _write(self):
        files.write_csv(self.log_dir / HISTORY, self._history_fields(), self.history)
        files.write_csv(self.log_dir / BATCHES, BATCH_FIELDS, self.batches)


def _to_float(value):
    try:
        return float(keras.ops.convert_to_numpy(value))
    except (TypeError, ValueError):
        return math.nan


def _floats(rows):
    # CSV gives strings: epochs and batches are ints, the rest floats, and an
    # empty cell (a metric not logged that epoch) stays missing, not NaN.
    integers = ("epoch", "batch", "step")
    return [
        {
            key: int(value) if key in integers else float(value) if value else None
            for key, value in row.items()
        }
        for row in rows
    ]
