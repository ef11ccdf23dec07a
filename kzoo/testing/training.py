"""Training smoke tests: a model can overfit a batch, and its loss falls."""

import math

import keras
import numpy as np

from kzoo.testing.failure import expect


def assert_can_overfit(model, x, y, max_loss=0.05, max_epochs=500):
    """Checks that a compiled model drives a small batch's loss near zero.

    The classic first test of a model: a network that cannot memorise a few
    examples has a bug (a frozen or disconnected layer, a wrong loss, a
    learning rate of 0). Trains `model` full-batch until the training loss
    falls to `max_loss / 2` (a margin, since it is measured before each
    step's update and with dropout on), then requires the inference-mode
    loss to be at most `max_loss`. It changes the model's weights: pass a
    fresh one, without heavy L2 or dropout.

    Args:
        model: A compiled Keras model.
        x: A small batch of inputs, e.g. 16 examples.
        y: Its targets.
        max_loss: The loss to get below. Defaults to `0.05`.
        max_epochs: Full-batch steps allowed. Defaults to `500`.

    Returns:
        The number of steps it took.
    """
    _check_compiled(model)
    start = _loss(model, x, y)
    stop = _StopBelow(max_loss / 2)
    model.fit(x, y, batch_size=len(x), epochs=max_epochs, callbacks=[stop], verbose=0)
    final, losses = _loss(model, x, y), stop.losses
    expect(
        final <= max_loss,
        f"Expected the loss on {len(x)} examples to fall below {max_loss} within "
        f"{max_epochs} full-batch steps; it went from {start:.4g} to {final:.4g} "
        f"(lowest while training {min(losses, default=math.nan):.4g}).",
    )
    return len(losses)


def assert_loss_decreases(model, x, y, steps=10, factor=0.9):
    """Checks that `steps` full-batch steps cut the loss below `factor` x start.

    Args:
        model: A compiled Keras model.
        x: A batch of inputs.
        y: Its targets.
        steps: Training steps to take. Defaults to `10`.
        factor: The final inference-mode loss must be at most this fraction
            of the initial one. Defaults to `0.9`.

    Returns:
        `(initial_loss, final_loss)`.
    """
    _check_compiled(model)
    start = _loss(model, x, y)
    model.fit(x, y, batch_size=len(x), epochs=steps, verbose=0)
    final = _loss(model, x, y)
    expect(
        np.isfinite(start) and np.isfinite(final) and final <= factor * start,
        f"Expected {steps} steps to bring the loss from {start:.4g} to at most "
        f"{factor} x that ({factor * start:.4g}); found {final:.4g}.",
    )
    return start, final


def _loss(model, x, y):
    return float(np.atleast_1d(model.evaluate(x, y, batch_size=len(x), verbose=0))[0])


class _StopBelow(keras.callbacks.Callback):
    # The training loss comes before each step's update, and with dropout:
    # it only says when to stop and check; the inference-mode loss decides.
    def __init__(self, threshold):
        super().__init__()
        self.threshold, self.losses = threshold, []

    def on_epoch_end(self, epoch, logs=None):
        self.losses.append(float(logs["loss"]))
        if self.losses[-1] <= self.threshold or not math.isfinite(self.losses[-1]):
            self.model.stop_training = True


def _check_compiled(model):
    if not model.compiled:
        raise ValueError(
            f"Argument `model` must be compiled (with an optimizer and a loss). "
            f"Received: model={model.name!r}, not compiled"
        )
