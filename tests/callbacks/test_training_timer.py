"""TrainingTimer: steps apart from compilation, validation and monitoring."""

import time

import keras
import numpy as np

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


def fit(callbacks, epochs=3):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
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
