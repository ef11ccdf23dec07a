"""`TrainingTimer`: the wall time of training steps alone."""

import time

import keras

from kzoo._internal.validation import check_non_negative


class TrainingTimer(keras.callbacks.Callback):
    """Times training apart from compilation, validation and monitoring.

    A speed figure such as "99% in 30 s of training" should count the
    optimisation steps, not the first step's tracing and XLA compilation,
    nor the dev-set evaluation and the reports that other callbacks run at
    the end of each epoch. This callback splits `fit`'s wall time so:

    - `first_step_seconds`: from the fit's first step to its second, which
      includes tracing and compilation (on JAX, and on TensorFlow with XLA);
      where steps run asynchronously (JAX) the first step's own device work
      overlaps the next ones and counts as training;
    - `train_seconds`: every other training step, summed over epochs, up to
      the moment the epoch's steps are finished (validation starts or
      `on_epoch_end` runs);
    - `fit_seconds`: the whole `fit`, everything included.

    A later step that compiles again (a smaller last batch, on JAX) counts
    as training. Each epoch's `logs` get `train_seconds` (cumulative), so
    `LearningCurves` and CSVLogger record time against accuracy: put this
    callback first in the list. The clock stops only after the device has
    finished the epoch's steps, since it reads the optimizer's step counter
    (asynchronous backends would otherwise stop it early).

    Args:
        initial_train_seconds: Training seconds already spent on the epochs
            before this `fit`, added to `train_seconds`: a run resumed after
            a kill passes those of its finished epochs, so that the figure
            covers the whole run. Defaults to `0.0`.

    Example:

    ```python
    timer = kzoo.callbacks.TrainingTimer()
    model.fit(x, y, epochs=3, validation_split=0.1, callbacks=[timer])
    timer.train_seconds, timer.first_step_seconds, timer.fit_seconds
    ```
    """

    def __init__(self, initial_train_seconds=0.0):
        super().__init__()
        self.initial_train_seconds = check_non_negative(
            "initial_train_seconds", initial_train_seconds
        )
        self.train_seconds = self.initial_train_seconds
        self.first_step_seconds = None
        self.fit_seconds = None

    def on_train_begin(self, logs=None):
        self.train_seconds = self.initial_train_seconds
        self.first_step_seconds = None
        self._fit_start = time.perf_counter()
        self._steps_end = self._epoch_start = self._first_step_end = None
        self._stepped = False

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start, self._steps_end = time.perf_counter(), None

    def on_train_batch_begin(self, batch, logs=None):
        # The first step ends where the second begins. Not a batch-end hook:
        # on JAX, Keras runs those on a helper thread, which may read the
        # clock late (after validation began, in one CI run of 3 steps).
        if self._stepped and self._first_step_end is None:
            self._first_step_end = time.perf_counter()
        self._stepped = True

    def on_test_begin(self, logs=None):
        # Validation inside fit: the epoch's steps end here.
        if self._epoch_start is not None and self._steps_end is None:
            self._stop_clock()

    def on_epoch_end(self, epoch, logs=None):
        if self._steps_end is None:
            self._stop_clock()
        start = self._epoch_start
        if self.first_step_seconds is None and self._stepped:
            # An epoch of one step: that step was the first.
            first_end = self._first_step_end or self._steps_end
            self.first_step_seconds = first_end - start
            start = first_end
        self.train_seconds += max(self._steps_end - start, 0.0)
        self._epoch_start = None
        if logs is not None:
            logs["train_seconds"] = self.train_seconds

    def on_train_end(self, logs=None):
        self.fit_seconds = time.perf_counter() - self._fit_start

    def _stop_clock(self):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None:
            # Reading the counter waits for the last step to finish.
            keras.ops.convert_to_numpy(optimizer.iterations)
        self._steps_end = time.perf_counter()
