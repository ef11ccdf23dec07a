"""ReciprocalDecay: the closed form, Keras's InverseTimeDecay, and saving."""

import json

import keras
import numpy as np
import pytest

import kzoo
from kzoo.schedules import ReciprocalDecay

STEPS = [0, 1, 2, 5, 10, 99, 100, 101, 1000, 12345]


def values(schedule):
    return np.array([float(schedule(step)) for step in STEPS])


@pytest.mark.parametrize(("c1", "c2"), [(1.0, 10.0), (0.5, 3.0), (2.0, 0.25)])
def test_steps_follow_the_closed_form(c1, c2):
    expected = [c1 / (t + c2) for t in STEPS]
    np.testing.assert_allclose(values(ReciprocalDecay(c1, c2)), expected, rtol=1e-6)


def test_epochs_follow_the_closed_form():
    schedule = ReciprocalDecay(1.0, 4.0, unit="epoch", steps_per_epoch=100)
    expected = [1.0 / (t // 100 + 4.0) for t in STEPS]
    np.testing.assert_allclose(values(schedule), expected, rtol=1e-6)


def test_docstring_table():
    schedule = ReciprocalDecay(1.0, 10.0)
    table = {0: 0.100, 1: 0.0909, 2: 0.0833, 5: 0.0667, 10: 0.050, 90: 0.010}
    for t, alpha in table.items():
        assert float(schedule(t)) == pytest.approx(alpha, abs=5e-5)


@pytest.mark.parametrize(("c1", "c2"), [(1.0, 10.0), (0.3, 2.5)])
def test_equals_keras_inverse_time_decay(c1, c2):
    # c1 / (t + c2) = (c1 / c2) / (1 + t / c2).
    keras_steps = keras.optimizers.schedules.InverseTimeDecay(c1 / c2, c2, 1.0)
    np.testing.assert_allclose(
        values(ReciprocalDecay(c1, c2)), values(keras_steps), rtol=1e-5
    )
    keras_epochs = keras.optimizers.schedules.InverseTimeDecay(
        c1 / c2, decay_steps=50, decay_rate=1.0 / c2, staircase=True
    )
    ours = ReciprocalDecay(c1, c2, unit="epoch", steps_per_epoch=50)
    np.testing.assert_allclose(values(ours), values(keras_epochs), rtol=1e-5)


def test_config_round_trips_through_json_and_keras_files(tmp_path):
    schedule = ReciprocalDecay(0.5, 2.0, unit="epoch", steps_per_epoch=7)
    config = json.loads(json.dumps(schedule.get_config()))
    clone = ReciprocalDecay.from_config(config)
    assert clone.get_config() == schedule.get_config()
    serialized = keras.saving.serialize_keras_object(schedule)
    assert serialized["registered_name"] == "kzoo>ReciprocalDecay"
    model = kzoo.create_model(
        "softmax_regression", optimizer="sgd", learning_rate=schedule
    )
    model.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    restored = loaded.optimizer.get_config()["learning_rate"]
    assert restored["config"] == schedule.get_config()


def test_keras_3_ignores_the_old_decay_argument():
    # The trap this schedule exists for.
    with pytest.warns(UserWarning, match="decay.*no longer supported"):
        optimizer = keras.optimizers.SGD(learning_rate=0.1, decay=0.5)
    assert float(optimizer.learning_rate) == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"c1": 0.0, "c2": 1.0}, r"c1=0.0"),
        ({"c1": -1.0, "c2": 1.0}, r"c1=-1.0"),
        ({"c1": 1.0, "c2": 0}, r"c2=0"),
        ({"c1": 1.0, "c2": 1.0, "unit": "batch"}, r"unit='batch'"),
        ({"c1": 1.0, "c2": 1.0, "unit": "epoch"}, r"steps_per_epoch=None"),
        (
            {"c1": 1.0, "c2": 1.0, "unit": "epoch", "steps_per_epoch": 0},
            r"steps_per_epoch=0",
        ),
    ],
)
def test_bad_arguments_fail_naming_them(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ReciprocalDecay(**kwargs)
