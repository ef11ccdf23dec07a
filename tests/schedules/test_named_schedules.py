"""The named schedules: the registry, and the numbers the recipes got before it."""

import json

import keras
import numpy as np
import pytest

from kzoo.schedules import (
    ReciprocalDecay,
    create_schedule,
    list_schedules,
    register_schedule,
    schedule_parameters,
)

STEPS = [0, 1, 2, 9, 10, 11, 49, 50, 99, 150, 199, 200, 1000]


def previous_learning_rate(config, steps_per_epoch, epochs):
    """kzoo.training.recipe._learning_rate before the registry, verbatim."""
    learning_rate = config["learning_rate"]
    if config["schedule"] == "reciprocal":
        half = config.get("decay_epochs", 10)
        return ReciprocalDecay(
            learning_rate * half, half, unit="epoch", steps_per_epoch=steps_per_epoch
        )
    if config["schedule"] == "cosine":
        steps = steps_per_epoch * epochs
        warmup = int(steps * config.get("warmup", 0.1))
        return keras.optimizers.schedules.CosineDecay(
            learning_rate / 10,
            decay_steps=steps - warmup,
            alpha=0.0,
            warmup_target=learning_rate,
            warmup_steps=warmup,
        )
    return learning_rate


def values(schedule):
    if isinstance(schedule, float):
        return np.full(len(STEPS), schedule)
    return np.array([float(schedule(step)) for step in STEPS])


def test_the_registry_lists_the_named_schedules():
    assert list_schedules() == ["constant", "cosine", "reciprocal"]
    assert list_schedules("c*") == ["constant", "cosine"]
    assert schedule_parameters("constant") == {}
    assert schedule_parameters("reciprocal") == {"decay_epochs": 10}
    assert schedule_parameters("cosine") == {"warmup": 0.1}


@pytest.mark.parametrize(
    "config",
    [
        {"schedule": "constant", "learning_rate": 0.003},
        {"schedule": "reciprocal", "learning_rate": 0.001},
        {"schedule": "reciprocal", "learning_rate": 0.001, "decay_epochs": 5},
        {"schedule": "cosine", "learning_rate": 0.002, "warmup": 0.1},
        {"schedule": "cosine", "learning_rate": 0.02, "warmup": 0.2},
        {"schedule": "cosine", "learning_rate": 0.02},
    ],
)
@pytest.mark.parametrize(("steps_per_epoch", "epochs"), [(20, 10), (7, 3)])
def test_numbers_are_those_of_the_recipes_before(config, steps_per_epoch, epochs):
    params = {k: v for k, v in config.items() if k in ("decay_epochs", "warmup")}
    ours = create_schedule(
        config["schedule"],
        learning_rate=config["learning_rate"],
        steps_per_epoch=steps_per_epoch,
        epochs=epochs,
        **params,
    )
    before = previous_learning_rate(config, steps_per_epoch, epochs)
    assert type(ours) is type(before)
    np.testing.assert_array_equal(values(ours), values(before))
    if not isinstance(ours, float):
        assert ours.get_config() == before.get_config()


def test_reciprocal_halves_the_rate_after_decay_epochs():
    schedule = create_schedule(
        "reciprocal", learning_rate=0.1, steps_per_epoch=10, epochs=30, decay_epochs=4
    )
    assert float(schedule(0)) == pytest.approx(0.1)
    assert float(schedule(39)) == pytest.approx(0.1 * 4 / 7)
    assert float(schedule(40)) == pytest.approx(0.05)


def test_cosine_warms_up_to_the_peak_then_ends_at_zero():
    schedule = create_schedule(
        "cosine", learning_rate=0.5, steps_per_epoch=10, epochs=10, warmup=0.2
    )
    assert float(schedule(0)) == pytest.approx(0.05)
    assert float(schedule(20)) == pytest.approx(0.5)
    assert float(schedule(100)) == pytest.approx(0.0, abs=1e-7)
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(schedule)))
    restored = keras.saving.deserialize_keras_object(config)
    assert restored.get_config() == schedule.get_config()


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("cosin", {}, r"Unknown schedule: name='cosin'. Did you mean 'cosine'"),
        ("reciprocal", {"warmup": 0.1}, r"'reciprocal' takes no parameter 'warmup'"),
        ("cosine", {"warmpu": 0.1}, r"'warmpu'. Did you mean 'warmup'"),
        ("constant", {"x": 1}, r"It takes: no parameters"),
        ("reciprocal", {"decay_epochs": 0}, r"`decay_epochs`.*decay_epochs=0"),
        ("cosine", {"warmup": 1.0}, r"`warmup`.*warmup=1.0"),
    ],
)
def test_bad_names_and_parameters_fail_naming_them(name, params, message):
    with pytest.raises(ValueError, match=message):
        create_schedule(name, learning_rate=0.1, steps_per_epoch=5, epochs=2, **params)


@pytest.mark.parametrize(
    ("shared", "message"),
    [
        ({"learning_rate": 0.0}, "learning_rate=0.0"),
        ({"steps_per_epoch": 0}, "steps_per_epoch=0"),
        ({"epochs": 1.5}, "epochs=1.5"),
    ],
)
def test_bad_shared_arguments_fail_naming_them(shared, message):
    arguments = {"learning_rate": 0.1, "steps_per_epoch": 5, "epochs": 2, **shared}
    with pytest.raises(ValueError, match=message):
        create_schedule("constant", **arguments)


def test_a_taken_name_cannot_be_registered_again():
    with pytest.raises(ValueError, match="'cosine' is already registered"):

        @register_schedule(name="cosine")
        def other(learning_rate, steps_per_epoch, epochs):
            return learning_rate
