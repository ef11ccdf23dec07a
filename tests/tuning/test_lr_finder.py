"""`find_learning_rate`: the range test on true batch losses, model untouched."""

import math

import keras
import numpy as np
import pytest

import kzoo
from kzoo.tuning import LearningRateSweep, find_learning_rate


def data(n=512, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 8)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("int64")
    return x, y


def state(model):
    weights = [np.array(w) for w in model.get_weights()]
    slots = [keras.ops.convert_to_numpy(v).copy() for v in model.optimizer.variables]
    return weights, slots


@pytest.mark.parametrize("schedule", [False, True])
def test_the_model_and_its_optimizer_are_left_as_they_were(schedule):
    x, y = data()
    rate = kzoo.schedules.ReciprocalDecay(0.1, 10.0) if schedule else 0.01
    model = kzoo.create_model(
        "logistic_regression", input_shape=(8,), learning_rate=rate
    )
    model.fit(x, y, epochs=1, batch_size=64, verbose=0)  # Non-zero Adam moments.
    before = state(model)
    find_learning_rate(model, x, y, batch_size=64, steps=30, verbose=0)
    after = state(model)
    for old, new in zip(before[0] + before[1], after[0] + after[1], strict=True):
        np.testing.assert_array_equal(old, new)
    assert model.optimizer.learning_rate is not None


def test_each_loss_is_the_batchs_own_not_a_running_mean():
    x, y = data()
    model = kzoo.create_model("logistic_regression", input_shape=(8,))
    sweep = find_learning_rate(model, x, y, batch_size=64, steps=10, seed=3, verbose=0)
    # The first step's loss is that of its batch under the initial weights.
    first = np.random.default_rng(3).permutation(len(x))[:64]
    expected = model.evaluate(x[first], y[first], verbose=0, return_dict=True)["loss"]
    assert math.isclose(sweep.losses[0], expected, rel_tol=1e-5)
    # A running mean would move less and less; batch losses keep scattering.
    assert len(set(np.round(sweep.losses, 6))) == len(sweep.losses)


def test_the_sweep_grows_geometrically_and_stops_where_the_loss_diverges():
    x, y = data()
    model = kzoo.create_model("mlp", input_shape=(8,), hidden_units=(16,))
    sweep = find_learning_rate(
        model, x, y, batch_size=32, start=1e-5, stop=1e3, steps=80, verbose=0
    )
    rates = np.asarray(sweep.learning_rates)
    assert rates[0] == pytest.approx(1e-5)
    np.testing.assert_allclose(rates[1:] / rates[:-1], (1e8) ** (1 / 79))
    assert len(rates) < 80
    assert "stopped at" in sweep.stopped
    assert 1e-5 < sweep.suggestion <= sweep.minimum < rates[-1]
    lowest = int(np.argmin(sweep.smoothed))
    assert sweep.minimum == rates[lowest]


def test_save_writes_the_csv_and_the_plot(tmp_path):
    sweep = LearningRateSweep(
        learning_rates=(1e-4, 1e-3, 1e-2, 1e-1, 1.0),
        losses=(2.0, 1.5, 0.8, 0.9, 5.0),
        smoothed=(2.0, 1.7, 1.2, 1.0, 2.5),
        suggestion=1e-3,
        minimum=1e-1,
        stopped="reached its last rate, 1",
    )
    csv, png = sweep.save(tmp_path / "sweep")
    rows = csv.read_text().splitlines()
    assert rows[0] == "step,learning_rate,loss,smoothed_loss"
    assert len(rows) == 6
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert "suggested learning rate: 0.001" in sweep.summary()
    assert "a tenth of which is 0.01" in sweep.summary()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"stop": 1e-8}, "`stop`.*greater than start"),
        ({"steps": 3}, "`steps`.*at least 5"),
        ({"diverge": 1.0}, "`diverge`.*> 1"),
        ({"beta": 1.0}, "`beta`"),
        ({"batch_size": 0}, "`batch_size`"),
    ],
)
def test_bad_arguments_are_named(arguments, message):
    x, y = data(64)
    model = kzoo.create_model("logistic_regression", input_shape=(8,))
    with pytest.raises(ValueError, match=message):
        find_learning_rate(model, x, y, verbose=0, **arguments)


def test_an_uncompiled_model_is_refused():
    x, y = data(64)
    model = kzoo.create_model("logistic_regression", input_shape=(8,), compile=False)
    with pytest.raises(ValueError, match=r"`model`.*must be a compiled keras\.Model"):
        find_learning_rate(model, x, y, verbose=0)


def test_an_early_lucky_batch_is_not_the_steepest_fall():
    from kzoo.tuning.lr_finder import _steepest

    rates = np.geomspace(1e-7, 10, 100)
    # Flat, one low batch at step 2, a fall centred on step 60, a rise after 80.
    smoothed = 3.0 - 2.0 / (1 + np.exp(-(np.arange(100) - 60) / 4.0))
    smoothed[2] = 2.7
    smoothed[81:] += np.linspace(0, 5, 19)
    assert _steepest(list(rates), list(smoothed), beta=0.9) == pytest.approx(
        rates[60], rel=0.3
    )
