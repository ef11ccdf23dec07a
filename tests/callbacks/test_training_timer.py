"""TrainingTimer: steps apart from compilation, validation and monitoring."""

import time

import keras
import numpy as np
import pytest

import kzoo
from kzoo.callbacks import LearningCurves, TrainingTimer


class Sleep(keras.callbacks.Callback):
    """Slow monitoring: sleeps at each epoch end and in each validation."""

    def __init__(self, seconds):
        super().__init__()
        self.seconds = seconds

    def on_epoch_end(self, epoch, logs=None):
        time.sleep(self.seconds)

    def on_test_end(self, logs=None):
        time.sleep(self.seconds)


class SlowSteps(keras.callbacks.Callback):
    """Steps that take a millisecond, in the main thread, GIL released."""

    def on_train_batch_begin(self, batch, logs=None):
        time.sleep(0.001)


def fit(callbacks, epochs=3, samples=64):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(samples, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int32")
    model = kzoo.create_model("logistic_regression", input_shape=(4,))
    model.fit(
        x,
        y,
        batch_size=16,
        epochs=epochs,
        validation_split=0.25,
        callbacks=callbacks,
        verbose=0,
    )


def test_monitoring_and_validation_are_not_training():
    timer = TrainingTimer()
    fit([timer, Sleep(0.2)], epochs=3)
    # Six sleeps of 0.2 s ran inside fit, none inside the steps.
    assert timer.fit_seconds > 1.2
    assert 0 < timer.train_seconds < timer.fit_seconds - 1.2
    assert timer.first_step_seconds > 0
    assert timer.train_seconds + timer.first_step_seconds < timer.fit_seconds


def test_epochs_log_cumulative_train_seconds(tmp_path):
    timer = TrainingTimer()
    curves = LearningCurves(tmp_path)
    fit([timer, curves], epochs=3)
    seconds = [row["train_seconds"] for row in curves.history]
    assert len(seconds) == 3
    assert seconds == sorted(seconds)
    assert seconds[-1] == timer.train_seconds


def test_a_resumed_run_counts_the_seconds_of_its_earlier_epochs(tmp_path):
    # Thirty steps of a millisecond each, so every epoch's steps take time.
    timer = TrainingTimer(initial_train_seconds=100.0)
    curves = LearningCurves(tmp_path)
    fit([timer, curves, SlowSteps()], epochs=2, samples=640)
    seconds = [row["train_seconds"] for row in curves.history]
    assert 100.0 < seconds[0] < seconds[1] == timer.train_seconds < 100.0 + 60
    # Each fit starts again from the earlier seconds.
    fit([timer, SlowSteps()], epochs=1, samples=640)
    assert 100.0 < timer.train_seconds < 100.0 + 60


class Clock:
    """A stand-in for time.perf_counter that moves only when told."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("steps", [1, 3])
def test_the_first_step_ends_where_the_second_begins(monkeypatch, steps):
    # Hooks called in fit's order, on a clock moved by hand: no helper thread
    # or scheduler decides where the first step ends.
    clock = Clock()
    monkeypatch.setattr(time, "perf_counter", clock)
    timer = TrainingTimer()
    timer.set_model(keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]))
    timer.on_train_begin()
    for epoch in range(2):
        timer.on_epoch_begin(epoch)
        for batch in range(steps):
            timer.on_train_batch_begin(batch)
            clock.now += 5.0 if (epoch, batch) == (0, 0) else 1.0
            timer.on_train_batch_end(batch)
        timer.on_test_begin()
        clock.now += 100.0  # Validation.
        timer.on_epoch_end(epoch, {})
    timer.on_train_end()
    assert timer.first_step_seconds == 5.0
    assert timer.train_seconds == 2 * steps - 1
    assert timer.fit_seconds == 5.0 + (2 * steps - 1) + 200.0


def test_initial_train_seconds_is_checked():
    with pytest.raises(ValueError, match="initial_train_seconds=-1"):
        TrainingTimer(initial_train_seconds=-1)
