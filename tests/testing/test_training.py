"""assert_can_overfit and assert_loss_decreases, on learning and stuck models."""

import keras
import numpy as np
import pytest

import kzoo
from kzoo.testing import assert_can_overfit, assert_loss_decreases


def digits_mlp(digits, **kwargs):
    x, _ = digits
    return kzoo.create_model(
        "mlp", normalize=x, hidden_units=(32,), learning_rate=0.01, **kwargs
    )


def test_can_overfit_passes_on_the_recipe_mlp(kzoo_digits):
    x, y = kzoo_digits[0][:16], kzoo_digits[1][:16]
    model = digits_mlp(kzoo_digits)
    steps = assert_can_overfit(model, x, y)
    # The count is the full-batch steps taken, and the recipe MLP needs few.
    assert steps == int(model.optimizer.iterations)
    assert steps < 100
    assert model.evaluate(x, y, verbose=0)[0] <= 0.05


def test_can_overfit_fails_on_a_dead_hidden_layer(kzoo_digits):
    # A frozen hidden layer of zeros: every ReLU is dead, and the output
    # layer sees only zeros, so no amount of training memorises the labels.
    x, y = kzoo_digits[0][:16], kzoo_digits[1][:16]
    model = digits_mlp(kzoo_digits)
    hidden = model.get_layer("hidden_0")
    hidden.set_weights([np.zeros_like(w) for w in hidden.get_weights()])
    hidden.trainable = False
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(AssertionError, match=r"fall below 0.05 within 30"):
        assert_can_overfit(model, x, y, max_epochs=30)


def test_loss_decreases_passes_and_reports_both_losses(kzoo_digits):
    x, y = kzoo_digits
    model = digits_mlp(kzoo_digits)
    before = model.evaluate(x, y, batch_size=len(x), verbose=0)[0]
    start, final = assert_loss_decreases(model, x, y)
    # Both figures are the model's real inference-mode losses, before and after.
    assert start == pytest.approx(before)
    assert final == pytest.approx(model.evaluate(x, y, batch_size=len(x), verbose=0)[0])
    assert int(model.optimizer.iterations) == 10


def test_loss_decreases_fails_with_a_learning_rate_of_zero(kzoo_digits):
    x, y = kzoo_digits
    model = digits_mlp(kzoo_digits)
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.0),
        loss="sparse_categorical_crossentropy",
    )
    with pytest.raises(AssertionError, match=r"at most 0.9 x that"):
        assert_loss_decreases(model, x, y)


def test_training_helpers_need_a_compiled_model(kzoo_digits):
    x, y = kzoo_digits
    model = kzoo.create_model("mlp", compile=False)
    with pytest.raises(ValueError, match=r"must be compiled"):
        assert_loss_decreases(model, x, y)
