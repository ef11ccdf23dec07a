"""Everything kzoo registers round-trips: models, layers, schedules.

Parametrised over the registries themselves, so a new model or a new
serializable object is covered (or this test says what it lacks).
"""

import keras
import numpy as np
import pytest

import kzoo
from kzoo.data import Augmentation
from kzoo.testing import assert_config_roundtrip, assert_save_load_roundtrip

# One example of each object registered under the package "kzoo".
EXAMPLES = {
    "kzoo>RandomAugmentation": lambda: kzoo.layers.RandomAugmentation(
        rotation=10, translation=0.1, zoom=0.1, seed=3
    ),
    "kzoo>ReciprocalDecay": lambda: kzoo.schedules.ReciprocalDecay(
        c1=0.5, c2=5.0, unit="epoch", steps_per_epoch=10
    ),
}


def registered():
    # kzoo loads on first use; kzoo.saving loads everything it registers.
    import kzoo.saving  # noqa: F401

    return sorted(k for k in keras.saving.get_custom_objects() if k.startswith("kzoo>"))


def test_every_registered_object_has_an_example():
    assert set(registered()) == set(EXAMPLES)


@pytest.mark.parametrize("name", registered())
def test_registered_object_config_round_trips(name):
    obj = EXAMPLES[name]()
    rebuilt = assert_config_roundtrip(obj)
    assert keras.saving.get_registered_name(type(rebuilt)) == name
    # And through Keras's own serialisation, by registered name alone.
    again = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(obj)
    )
    assert again.get_config() == obj.get_config()


@pytest.mark.parametrize("name", kzoo.list_models())
def test_model_config_and_keras_file_round_trip(name):
    x = np.random.default_rng(0).integers(0, 256, (4, 28, 28)).astype("float32")
    images = name in ("mnist_cnn", "lenet5", "simple_convnet")
    extra = {"augment": Augmentation(rotation=5, placement="model")} if images else {}
    model = kzoo.create_model(
        name,
        normalize=x,
        learning_rate=kzoo.schedules.ReciprocalDecay(0.1, 1.0),
        **extra,
    )
    assert_config_roundtrip(model)
    loaded = assert_save_load_roundtrip(model, x)
    schedule = loaded.optimizer.get_config()["learning_rate"]
    assert schedule["registered_name"] == "kzoo>ReciprocalDecay"
