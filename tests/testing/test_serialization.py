"""Config and .keras round trips pass on kzoo's objects and fail on broken ones."""

import keras
import numpy as np
import pytest

import kzoo
from kzoo.testing import assert_config_roundtrip, assert_save_load_roundtrip


class Unregistered(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


class ForgetsItsArgument(keras.layers.Layer):
    """get_config leaves out `factor`, so from_config cannot rebuild it."""

    def __init__(self, factor, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        config = super().get_config()
        config.pop("factor", None)  # The bug: Keras had captured it.
        return config


class ChangesItsConfig(keras.layers.Layer):
    """from_config rebuilds it with a different factor."""

    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor + 1}


def test_save_load_roundtrip_passes_and_returns_the_loaded_model():
    model = kzoo.create_model("mlp", input_shape=(4,), hidden_units=(3,))
    loaded = assert_save_load_roundtrip(model, np.ones((2, 4), "float32"))
    assert loaded is not model
    # The model read back from the file: its weights, and its compiled loss.
    for saved, read in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(read, saved)
    x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6
    )
    assert loaded.loss.get_config() == model.loss.get_config()


def test_save_load_roundtrip_fails_on_an_unregistered_layer():
    x = np.ones((2, 4), dtype="float32")
    model = keras.Sequential([keras.Input((4,)), Unregistered(), keras.layers.Dense(1)])
    with pytest.raises(AssertionError, match="without custom_objects"):
        assert_save_load_roundtrip(model, x)


def test_config_roundtrip_passes_on_a_schedule_and_a_layer():
    schedule = kzoo.schedules.ReciprocalDecay(0.5, 5.0)
    assert assert_config_roundtrip(schedule).get_config() == schedule.get_config()
    assert_config_roundtrip(kzoo.layers.RandomAugmentation(rotation=5))


def test_config_roundtrip_fails_when_from_config_cannot_rebuild():
    with pytest.raises(AssertionError, match=r"from_config.*TypeError"):
        assert_config_roundtrip(ForgetsItsArgument(3.0))


def test_config_roundtrip_fails_when_the_config_changes():
    with pytest.raises(AssertionError, match=r"keys \['factor'\] differ"):
        assert_config_roundtrip(ChangesItsConfig(1.0))
