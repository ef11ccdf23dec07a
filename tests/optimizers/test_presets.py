"""Optimizer presets: real Keras optimizers with the course's defaults."""

import keras
import numpy as np
import pytest

import kzoo
from kzoo import optimizers


@pytest.mark.parametrize(
    ("name", "cls", "expected"),
    [
        ("sgd", keras.optimizers.SGD, {"learning_rate": 0.01, "momentum": 0.0}),
        ("momentum", keras.optimizers.SGD, {"learning_rate": 0.01, "momentum": 0.9}),
        (
            "rmsprop",
            keras.optimizers.RMSprop,
            {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-8},
        ),
        (
            "adam",
            keras.optimizers.Adam,
            {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8},
        ),
    ],
)
def test_presets_have_the_course_defaults(name, cls, expected):
    optimizer = optimizers.get(name)
    assert type(optimizer) is cls
    config = optimizer.get_config()
    for key, value in expected.items():
        assert config[key] == pytest.approx(value), key
    assert type(getattr(optimizers, name)()) is cls


def test_list_optimizers():
    assert optimizers.list_optimizers() == ["adam", "momentum", "rmsprop", "sgd"]


@pytest.mark.parametrize("name", optimizers.list_optimizers())
def test_each_preset_minimises_a_quadratic(name):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer=optimizers.get(name, learning_rate=0.02), loss="mse")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], dtype="float32") + 0.3
    history = model.fit(x, y, batch_size=32, epochs=40, verbose=0).history["loss"]
    assert history[-1] < 0.1 * history[0]


def test_learning_rate_and_schedules():
    assert float(optimizers.get("sgd", learning_rate=0.5).learning_rate) == 0.5
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    optimizer = optimizers.get("adam", learning_rate=schedule)
    assert optimizer.get_config()["learning_rate"]["class_name"] == "ExponentialDecay"


def test_keras_names_dicts_and_instances_pass_through():
    assert type(optimizers.get("adamw")) is keras.optimizers.AdamW
    assert float(optimizers.get("nadam", learning_rate=0.3).learning_rate) == (
        pytest.approx(0.3)
    )
    config = keras.optimizers.serialize(keras.optimizers.Adagrad(0.2))
    assert type(optimizers.get(config)) is keras.optimizers.Adagrad
    instance = keras.optimizers.Lion()
    assert optimizers.get(instance) is instance


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"optimizer": "adma"}, r"optimizer='adma'.*Did you mean 'adam'"),
        ({"optimizer": 3}, r"optimizer=3"),
        ({"optimizer": "sgd", "learning_rate": -1.0}, r"learning_rate=-1.0"),
        ({"optimizer": "sgd", "learning_rate": "fast"}, r"learning_rate='fast'"),
        ({"optimizer": keras.optimizers.SGD(), "learning_rate": 0.1}, "instance"),
    ],
)
def test_bad_optimizer_arguments_fail_clearly(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        optimizers.get(**kwargs)


@pytest.mark.parametrize(
    ("preset", "argument", "value"),
    [("momentum", "beta", 1.0), ("adam", "beta_2", -0.5), ("rmsprop", "epsilon", 0)],
)
def test_bad_hyperparameters_fail_clearly(preset, argument, value):
    with pytest.raises(ValueError, match=f"{argument}={value!r}"):
        getattr(optimizers, preset)(**{argument: value})


def test_presets_survive_a_keras_file(tmp_path):
    model = kzoo.create_model("softmax_regression", optimizer="adam")
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.optimizer.get_config()["epsilon"] == pytest.approx(1e-8)


def test_settings_reach_the_preset_and_keras_optimizers():
    assert optimizers.get("adam", 0.01, beta_1=0.95).beta_1 == 0.95
    assert optimizers.get("momentum", beta=0.99).momentum == 0.99
    assert optimizers.get("adamw", weight_decay=0.1).weight_decay == 0.1


@pytest.mark.parametrize(
    ("optimizer", "settings", "message"),
    [
        ("adam", {"beta1": 0.9}, r"no setting 'beta1'\. Did you mean 'beta_1'"),
        ("adam", {"beta_1": 2.0}, r"`beta_1` must be in \[0, 1\)"),
        ("adamw", {"wd": 1}, r"'adamw' takes no setting 'wd'"),
    ],
)
def test_a_bad_setting_is_named(optimizer, settings, message):
    with pytest.raises(ValueError, match=message):
        optimizers.get(optimizer, **settings)


def test_an_optimizer_instance_takes_no_settings():
    with pytest.raises(ValueError, match="`beta_1` must be None"):
        optimizers.get(keras.optimizers.Adam(), beta_1=0.5)


@pytest.mark.parametrize("name", optimizers.list_optimizers())
def test_presets_take_what_every_keras_optimizer_takes(name):
    optimizer = optimizers.get(name, learning_rate=0.05, weight_decay=0.1, clipnorm=1.0)
    config = optimizer.get_config()
    assert config["weight_decay"] == pytest.approx(0.1)
    assert config["clipnorm"] == 1.0
    assert config["learning_rate"] == pytest.approx(0.05)
    # The preset's own defaults survive the rebuild.
    plain = optimizers.get(name, learning_rate=0.05).get_config()
    changed = {"weight_decay": 0.1, "clipnorm": 1.0, "name": config["name"]}
    assert config == {**plain, **changed}


def test_weight_average_is_what_fit_leaves_in_the_model():
    # use_ema: fit ends by putting the average of the weights in the model,
    # so the same run without it ends elsewhere.
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")

    def trained(**settings):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        model.compile(optimizer=optimizers.get("sgd", 0.1, **settings), loss="mse")
        model.fit(x, x.sum(axis=1), batch_size=8, epochs=2, shuffle=False, verbose=0)
        return model.get_weights()[0]

    plain, again = trained(), trained()
    averaged = trained(use_ema=True, ema_momentum=0.9)
    np.testing.assert_array_equal(plain, again)
    assert not np.allclose(plain, averaged)


@pytest.mark.parametrize(
    "optimizer",
    ["adam", {"class_name": "SGD", "config": {"use_ema": True}}],
    ids=["preset", "keras-config"],
)
def test_a_weight_average_survives_evaluation_and_saving(optimizer, tmp_path):
    # On JAX, Keras's fit leaves the average's own arrays in the weights and
    # evaluate deletes them; the model must still evaluate, save and load.
    settings = {"use_ema": True} if optimizer == "adam" else {}
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer=optimizers.get(optimizer, **settings), loss="mse")
    model.fit(x, x.sum(axis=1), batch_size=8, epochs=2, verbose=0)
    loss = model.evaluate(x, x.sum(axis=1), verbose=0)
    model.save(tmp_path / "model.keras")
    loaded = kzoo.load_model(tmp_path / "model.keras")
    assert loaded.optimizer.use_ema
    assert loaded.evaluate(x, x.sum(axis=1), verbose=0) == pytest.approx(loss)
    # Loaded, it trains on and saves again: kzoo.load_model keeps the average
    # apart as kzoo.optimizers.get did (a plain Keras load fails here on JAX).
    loaded.fit(x, x.sum(axis=1), batch_size=8, epochs=1, verbose=0)
    loaded.evaluate(x, x.sum(axis=1), verbose=0)
    loaded.save(tmp_path / "again.keras")
