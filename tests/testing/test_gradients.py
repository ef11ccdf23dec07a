"""check_gradients and assert_gradients_finite, on right and wrong gradients."""

import keras
import numpy as np
import pytest

import kzoo
from kzoo.testing import assert_gradients_finite, check_gradients


class HalfGradient(keras.layers.Layer):
    """Computes 2x but backpropagates only half of it: a backprop bug."""

    def call(self, x):
        return x + keras.ops.stop_gradient(x)


class LogOfNegative(keras.layers.Layer):
    """A NaN factory: the log of a negative number."""

    def call(self, x):
        return keras.ops.log(x - 100.0)


class NormGate(keras.layers.Layer):
    """Scales by 1 + ||offset||, with `offset` starting at zero.

    The forward pass is finite (the norm of zero is 0), but the norm's
    gradient at zero, offset / ||offset||, is 0 / 0: NaN for `offset` alone.
    """

    def build(self, input_shape):
        self.offset = self.add_weight(shape=(3,), initializer="zeros", name="offset")

    def call(self, x):
        return x * (1.0 + keras.ops.sqrt(keras.ops.sum(keras.ops.square(self.offset))))


def tiny_batch():
    rng = np.random.default_rng(0)
    return rng.normal(size=(8, 4)).astype("float32"), np.arange(8) % 3


@pytest.mark.parametrize("model", ["mlp", "softmax_regression"])
def test_check_gradients_agrees_on_kzoo_models(model):
    x, y = tiny_batch()
    kwargs = {"hidden_units": (5,), "l2": 1e-3} if model == "mlp" else {}
    network = kzoo.create_model(model, input_shape=(4,), num_classes=3, **kwargs)
    difference = check_gradients(network, x, y)
    assert difference < 1e-7


def test_check_gradients_catches_a_backprop_bug():
    x, y = tiny_batch()
    inputs = keras.Input((4,))
    hidden = HalfGradient()(keras.layers.Dense(5, activation="tanh")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(hidden))
    model.compile(loss="sparse_categorical_crossentropy")
    with pytest.raises(AssertionError, match=r"relative difference <= 1e-07; found"):
        check_gradients(model, x, y)


def test_check_gradients_needs_a_loss():
    x, y = tiny_batch()
    model = kzoo.create_model("softmax_regression", input_shape=(4,), num_classes=3)
    uncompiled = keras.Model(model.inputs, model.outputs)
    with pytest.raises(ValueError, match=r"Received: loss=None"):
        check_gradients(uncompiled, x, y)


def test_gradients_finite_passes_on_a_good_model():
    x, y = tiny_batch()
    model = kzoo.create_model("mlp", input_shape=(4,), num_classes=3, hidden_units=(5,))
    assert_gradients_finite(model, x, y)


def test_gradients_finite_names_the_nan_source():
    x, y = tiny_batch()
    inputs = keras.Input((4,))
    hidden = LogOfNegative()(keras.layers.Dense(5, name="before_log")(inputs))
    outputs = keras.layers.Dense(3, activation="softmax", name="after_log")(hidden)
    model = keras.Model(inputs, outputs)
    model.compile(loss="sparse_categorical_crossentropy")
    with pytest.raises(AssertionError, match=r"Expected a finite loss; found nan"):
        assert_gradients_finite(model, x, y)


def test_gradients_finite_names_the_one_variable_with_nan_gradients():
    x, y = tiny_batch()
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(5, activation="tanh", name="before_gate")(inputs)
    gated = NormGate(name="gate")(hidden)
    outputs = keras.layers.Dense(3, activation="softmax", name="after_gate")(gated)
    model = keras.Model(inputs, outputs)
    model.compile(loss="sparse_categorical_crossentropy")
    with pytest.raises(AssertionError) as caught:
        assert_gradients_finite(model, x, y)
    message = str(caught.value)
    # The loss is finite, so the check reaches the gradients, and names the
    # culprit with how many of its entries are bad, and nothing else.
    assert message == (
        "Expected finite gradients for every weight; found NaN or Inf in "
        "['gate/offset (3 of 3)']."
    )
