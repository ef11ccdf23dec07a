"""`StopOnNonFiniteLoss`: stop at the batch whose loss is NaN or Inf."""

import math

import keras

from kzoo.diagnosis import divergence
from kzoo.optimizers.learning_rate import current_learning_rate


class StopOnNonFiniteLoss(keras.callbacks.Callback):
    """Stops training at the first batch whose loss is NaN or Inf, and says so.

    Keras's `TerminateOnNaN` stops too; this one also keeps the facts (where,
    what value, the learning rate then) in `self.stopped` for the run's
    reports, and prints one line. A diverging loss (exploding gradients, a
    learning rate far too high, NaN in the inputs) makes every later step
    meaningless, so stopping at once keeps the last good epoch's weights in a
    `BackupAndRestore` backup and the curves readable.

    On TensorFlow, Keras calls batch hooks in step, so training stops at that
    very batch. On JAX and PyTorch this callback lets Keras run batch hooks
    off the training thread (it only reads the loss), so training stops
    within a step or two of it; `self.stopped` still names the first bad
    batch.

    Attributes:
        stopped: `None`, or `{"epoch", "batch", "loss", "learning_rate"}`
            for the first non-finite batch.
    """

    async_safe = True

    def __init__(self, verbose=1):
        super().__init__()
        self.verbose = verbose
        self.stopped = None

    def on_train_begin(self, logs=None):
        self.stopped, self._epoch = None, 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self._check(logs, batch)

    def on_epoch_end(self, epoch, logs=None):
        # The epoch's mean loss: the check of a loop without batch hooks
        # (`kzoo.training.fit_on_device`); one NaN batch makes it NaN.
        self._check(logs, None)

    def _check(self, logs, batch):
        loss = float((logs or {}).get("loss", 0.0))
        if math.isfinite(loss) or self.stopped is not None:
            return
        self.stopped = {
            "epoch": self._epoch,
            "batch": batch,
            "loss": loss,
            "learning_rate": current_learning_rate(self.model.optimizer),
        }
        self.model.stop_training = True
        if self.verbose:
            print(f"\n{self.message()}")

    def message(self):
        """One line saying where training diverged and what to try, or `None`."""
        return None if self.stopped is None else divergence.message(self.stopped)
