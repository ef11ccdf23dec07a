"""Batches the replicas can share: the global batch checked, and evaluation
sets of any size giving what one device gives."""

import keras
import numpy as np
import pytest

from kzoo import distribution
from tests.subprocesses import ROOT, explain, run_python

TWO_DEVICES = str(ROOT / "tests" / "distribution" / "two_devices.py")

# Odd set sizes and a batch that does not divide them: every evaluation
# path ends in a last batch smaller than, or not a multiple of, 2 replicas.
COMPARE_ON_TWO_DEVICES = """
import numpy as np, keras
from kzoo import distribution

rng = np.random.default_rng(0)
x = rng.random((101, 4), dtype="float32")
y = rng.integers(0, 3, 101)


def model():
    keras.utils.set_random_seed(0)
    m = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(3, activation="softmax", kernel_regularizer="l2"),
    ])
    m.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return m


one = model()
sizes = (1, 3, 100, 101)
expected = {n: one.evaluate(x[:n], y[:n], verbose=0, return_dict=True) for n in sizes}
outputs = {n: one.predict(x[:n], verbose=0) for n in sizes}
with distribution.data_parallel() as replicas:
    assert replicas == 2 == distribution.replicas(), replicas
    two = model()
    two.set_weights(one.get_weights())
    for n in sizes:
        got = distribution.evaluate(two, x[:n], y[:n], batch_size=7)
        for name, value in expected[n].items():
            assert abs(got[name] - value) < 1e-6, (n, name, got, expected[n])
        predicted = distribution.predict(two, x[:n], batch_size=7)
        assert predicted.shape == outputs[n].shape
        assert np.abs(predicted - outputs[n]).max() < 1e-6, n
print("same as one device")
"""


@pytest.mark.parametrize("backend", ["jax", "tensorflow"])
def test_evaluate_and_predict_on_two_devices_match_one_device(backend):
    result = run_python([TWO_DEVICES, "-c", COMPARE_ON_TWO_DEVICES], backend)
    assert result.returncode == 0, explain(result)
    assert "same as one device" in result.stdout


def test_any_batch_size_suits_one_replica():
    assert distribution.replicas() == 1
    assert distribution.check_batch_size(33) == 33


@pytest.mark.parametrize("bad", [0, -4, 2.5, "64"])
def test_a_batch_size_that_is_no_positive_integer_is_named(bad):
    with pytest.raises(ValueError, match="batch_size"):
        distribution.check_batch_size(bad)


def test_evaluate_and_predict_are_keras_s_on_one_device():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile("sgd", "mse", metrics=["mae"])
    x = np.random.default_rng(1).random((9, 3), dtype="float32")
    y = np.zeros((9, 2), "float32")
    expected = model.evaluate(x, y, verbose=0, return_dict=True)
    assert distribution.evaluate(model, x, y) == pytest.approx(expected)
    np.testing.assert_allclose(
        distribution.predict(model, x), model.predict(x, verbose=0), rtol=1e-6
    )
