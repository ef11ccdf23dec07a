"""Search spaces on the course's scales, and the zoo as KerasTuner HyperModels."""

import keras_tuner
import numpy as np
import pytest

import kzoo.recipes  # noqa: F401  (registers the recipes)
from kzoo.training import Recipe, get_recipe
from kzoo.tuning import Range, SearchSpace, ZooHyperModel
from kzoo.tuning.space import parse_changes

DRAWS = 3000


@pytest.fixture(scope="module")
def draws():
    space = SearchSpace.for_recipe(get_recipe("mnist_mlp"))
    return [space.sample(seed) for seed in range(DRAWS)]


def share(values, low, high):
    values = np.asarray(values)
    return np.mean((values >= low) & (values < high))


def test_each_recipe_searches_what_its_model_and_optimizer_take():
    mlp = SearchSpace.for_recipe(get_recipe("mnist_mlp"))
    assert list(mlp.ranges) == [
        "learning_rate", "beta_1", "beta_2", "batch_size",
        "hidden_layers", "units", "l2", "dropout",
    ]  # fmt: skip
    cnn = SearchSpace.for_recipe(Recipe(name="c", model="mnist_cnn", optimizer="sgd"))
    assert "hidden_layers" not in cnn.ranges
    assert "beta" not in cnn.ranges  # Plain SGD has none.
    recipe = Recipe(name="m", model="mlp", optimizer="momentum")
    momentum = SearchSpace.for_recipe(recipe)
    assert "beta" in momentum.ranges


def test_the_learning_rate_is_log_uniform(draws):
    rates = [d["learning_rate"] for d in draws]
    assert min(rates) >= 1e-4
    assert max(rates) <= 1e-1
    # Each of the three decades gets a third of the draws (sd about 0.009).
    for low in (1e-4, 1e-3, 1e-2):
        assert share(rates, low, low * 10) == pytest.approx(1 / 3, abs=0.04)


@pytest.mark.parametrize(
    ("name", "decades"), [("beta_1", (1e-3, 1e-2)), ("beta_2", (1e-4, 1e-3))]
)
def test_one_minus_beta_is_log_uniform(draws, name, decades):
    gaps = [1 - d[name] for d in draws]
    # Two decades of 1 - beta, half of the draws in each: as many betas in
    # 0.99-0.999 as in 0.9-0.99 (a linear scale would put 91% in the latter).
    for low in decades:
        assert share(gaps, low, low * 10) == pytest.approx(0.5, abs=0.04)


def test_batch_sizes_are_powers_of_two_drawn_evenly(draws):
    sizes = [d["batch_size"] for d in draws]
    assert sorted(set(sizes)) == [32, 64, 128, 256, 512, 1024]
    for size in set(sizes):
        assert sizes.count(size) / DRAWS == pytest.approx(1 / 6, abs=0.04)


def test_ranges_narrow_widen_fix_and_leave_out():
    recipe = get_recipe("mnist_mlp")
    space = SearchSpace.for_recipe(
        recipe, learning_rate=(1e-3, 1e-2), dropout=0.2, l2=None, units=(16, 32)
    )
    assert "l2" not in space.ranges
    values = [space.sample(seed) for seed in range(200)]
    assert all(1e-3 <= v["learning_rate"] <= 1e-2 for v in values)
    assert {v["dropout"] for v in values} == {0.2}
    assert {v["units"] for v in values} == {16, 32}
    with pytest.raises(ValueError, match=r"`widht` .*not searched.*units"):
        SearchSpace.for_recipe(recipe, widht=3)
    with pytest.raises(ValueError, match=r"`high`.*must be >= low"):
        Range(1.0, 0.5)


def test_a_trials_values_make_its_recipe():
    recipe = get_recipe("mnist_mlp")
    space = SearchSpace.for_recipe(recipe)
    values = {"learning_rate": 0.01, "beta_1": 0.95, "batch_size": 64}
    values |= {"hidden_layers": 3, "units": 128, "dropout": 0.1}
    trial = space.recipe_for(values)
    assert trial.learning_rate == 0.01
    assert trial.batch_size == 64
    assert trial.optimizer_args == {"beta_1": 0.95}
    assert trial.model_args["hidden_units"] == (128, 128, 128)
    assert trial.model_args["dropout"] == 0.1
    assert trial.model_args["l2"] == recipe.model_args["l2"]  # Not in `values`.


def test_changes_read_from_the_command_line():
    assert parse_changes(["learning_rate=1e-3:1e-2", "dropout=0.2", "l2=none"]) == {
        "learning_rate": (1e-3, 1e-2),
        "dropout": 0.2,
        "l2": None,
    }
    with pytest.raises(ValueError, match=r"`dropout`.*LOW:HIGH"):
        parse_changes(["dropout=lots"])


def test_a_zoo_hypermodel_runs_in_keras_tuners_own_search(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(128, 8)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")
    hypermodel = ZooHyperModel("mlp", input_shape=(8,), num_classes=2, units=(8, 16))
    tuner = keras_tuner.RandomSearch(
        hypermodel,
        objective="val_accuracy",
        max_trials=2,
        directory=tmp_path,
        seed=1,
    )
    tuner.search(x, y, epochs=1, validation_split=0.25, verbose=0)
    best = tuner.get_best_hyperparameters()[0].values
    assert {"learning_rate", "one_minus_beta_1", "batch_size", "units"} <= set(best)
    model = tuner.get_best_models()[0]
    assert model.layers[-1].units == 1  # A sigmoid unit for two classes.
