"""`Recipe`: the typed config of a run, its checks, its JSON and its registry."""

import dataclasses
import json
import pickle

import pytest

import kzoo
import kzoo.recipes
from kzoo.data import MNIST_HUMAN_ERROR, Augmentation
from kzoo.training import Recipe, get_recipe, list_recipes, register_recipe, run
from kzoo.training.options import parse

# The recipes as they were written before `Recipe`, as plain dicts (their
# "decay_epochs" and "warmup" are now schedule_args; mnist_speedrun's
# architecture is the registered model mnist_speedrun_cnn). mnist_speedrun's
# batch, learning rate, optimizer settings and precision changed since, as
# chosen on dev in BENCHMARKS.md ("selection mnist_speedrun").
BEFORE = {
    "mnist_logreg": {
        "model": "softmax_regression",
        "model_args": {},
        "learning_rate": 0.001,
        "schedule": "reciprocal",
        "schedule_args": {"decay_epochs": 5},
        "epochs": 20,
        "dev_share": 0.05,
        "train_dev_share": 0.01,
        "augment": None,
    },
    "mnist_mlp": {
        "model": "mlp",
        "model_args": {"hidden_units": [1024, 1024], "dropout": 0.2, "l2": 1e-6},
        "learning_rate": 0.001,
        "schedule": "reciprocal",
        "schedule_args": {"decay_epochs": 10},
        "epochs": 30,
        "dev_share": 0.05,
        "train_dev_share": 0.01,
        "augment": {"rotation": 8, "translation": 0.08, "zoom": 0.08},
    },
    "mnist_cnn": {
        "model": "mnist_cnn",
        "model_args": {"filters": [32, 64, 128], "dropout": 0.25},
        "learning_rate": 0.002,
        "schedule": "cosine",
        "schedule_args": {"warmup": 0.1},
        "epochs": 30,
        "dev_share": 0.1,
        "train_dev_share": 0.02,
        "augment": {
            "rotation": 10,
            "translation": 0.1,
            "zoom": 0.1,
            "placement": "model",
        },
    },
    "mnist_speedrun": {
        "model": "mnist_speedrun_cnn",
        "model_args": {},
        "learning_rate": 0.02,
        "schedule": "cosine",
        "schedule_args": {"warmup": 0.2},
        "epochs": 2,
        "dev_share": 0.05,
        "train_dev_share": 0.0,
        "augment": None,
        "batch_size": 512,
        "optimizer_args": {"beta_1": 0.7, "beta_2": 0.9},
        "mixed_precision": "auto",
    },
}


def test_the_registry_holds_the_recipes():
    assert list_recipes() == [
        "mnist_cnn",
        "mnist_logreg",
        "mnist_mlp",
        "mnist_speedrun",
    ]
    assert list_recipes("*cnn") == ["mnist_cnn"]
    assert get_recipe("mnist_mlp") is kzoo.recipes.mnist_mlp.RECIPE


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_recipes_keep_their_values(name):
    recipe = get_recipe(name)
    expected = {"batch_size": 128, "mixed_precision": False, **BEFORE[name]}
    if expected["augment"] is not None:
        expected["augment"] = Augmentation(**expected["augment"]).get_config()
    saved = recipe.to_json()
    assert {key: saved[key] for key in expected} == expected
    assert recipe.optimizer == "adam"
    assert (recipe.seed, recipe.subset, recipe.human_error) == (
        0,
        None,
        MNIST_HUMAN_ERROR,
    )
    assert not recipe.deterministic


@pytest.mark.parametrize("name", ["mnist_cnn", "mnist_logreg", "mnist_mlp"])
def test_json_round_trips_exactly(name):
    recipe = get_recipe(name)
    text = json.dumps(recipe.to_json())
    assert Recipe.from_json(json.loads(text)) == recipe
    assert json.dumps(Recipe.from_json(json.loads(text)).to_json()) == text


def test_tuples_and_lists_are_one_setting():
    with_tuple = Recipe(name="a", model="mlp", model_args={"hidden_units": (8, 4)})
    with_list = Recipe(name="a", model="mlp", model_args={"hidden_units": [8, 4]})
    assert with_tuple == with_list
    assert with_list.model_args["hidden_units"] == (8, 4)
    assert with_list.to_json()["model_args"] == {"hidden_units": [8, 4]}


def test_dicts_resolve_to_augmentation_specs():
    recipe = Recipe(name="a", model="mlp", augment={"rotation": 5})
    assert recipe.augment == Augmentation(rotation=5)
    assert recipe.to_json()["augment"]["placement"] == "pipeline"


def test_defaults_and_variants():
    recipe = Recipe(name="tiny", model="mlp")
    assert recipe.schedule == "constant"
    assert recipe.schedule_args == {}
    assert recipe.human_error == MNIST_HUMAN_ERROR
    variant = dataclasses.replace(recipe, epochs=3, schedule="cosine")
    assert (variant.epochs, recipe.epochs) == (3, 10)
    with pytest.raises(ValueError, match="batch_size=0"):
        dataclasses.replace(recipe, batch_size=0)


def test_a_recipe_cannot_change():
    recipe = get_recipe("mnist_mlp")
    with pytest.raises(dataclasses.FrozenInstanceError):
        recipe.epochs = 3
    with pytest.raises(TypeError, match=r"dataclasses\.replace"):
        recipe.model_args["dropout"] = 0.5
    assert pickle.loads(pickle.dumps(recipe)) == recipe
    assert hash(recipe) == hash(pickle.loads(pickle.dumps(recipe)))


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"name": ""}, "`name`.*name=''"),
        ({"name": "a b"}, "`name`.*name='a b'"),
        ({"model": "mpl"}, r"`model` must be a registered model.*'mlp'.*model='mpl'"),
        ({"model_args": [1]}, r"`model_args`.*model_args=\[1\]"),
        ({"model_args": {"x": object}}, r"`model_args` must hold JSON values"),
        # What the run sets itself: recorded, then silently dropped, before.
        (
            {"model_args": {"optimizer": "sgd"}},
            r"`model_args` must not set 'optimizer'.*--optimizer.*optimizer': 'sgd'",
        ),
        ({"model_args": {"normalize": None}}, r"`model_args` must not set 'normalize'"),
        ({"model_args": {"compile": False}}, r"`model_args` must not set 'compile'"),
        (
            {"optimizer_args": {"learning_rate": 0.1}},
            r"`optimizer_args` must not set 'learning_rate'.*--learning-rate",
        ),
        ({"optimizer": "adamm"}, r"`optimizer`.*optimizer='adamm'"),
        ({"learning_rate": 0}, "`learning_rate`.*learning_rate=0"),
        ({"learning_rate": "0.1"}, "`learning_rate`.*learning_rate='0.1'"),
        ({"schedule": "cosin"}, r"`schedule`.*'cosine'.*schedule='cosin'"),
        (
            {"schedule": "cosine", "schedule_args": {"decay_epochs": 3}},
            r"`schedule_args` does not suit schedule='cosine'.*decay_epochs",
        ),
        ({"batch_size": 0}, "`batch_size`.*batch_size=0"),
        ({"batch_size": 12.0}, "`batch_size`.*batch_size=12.0"),
        ({"epochs": True}, "`epochs`.*epochs=True"),
        ({"dev_share": 0.0}, r"`dev_share` must be in \(0, 1\).*dev_share=0.0"),
        ({"train_dev_share": 1.0}, "`train_dev_share`.*train_dev_share=1.0"),
        ({"augment": {"rotation": 200}}, "`rotation`.*rotation=200"),
        ({"augment": {"spin": 1}}, "`augment` has an unknown field"),
        ({"augment": 3}, "`augment`.*augment=3"),
        ({"human_error": 1.5}, "`human_error`.*human_error=1.5"),
        ({"seed": -1}, "`seed`.*seed=-1"),
        ({"subset": 0}, "`subset`.*subset=0"),
        ({"deterministic": "yes"}, "`deterministic`.*deterministic='yes'"),
        ({"mixed_precision": 1}, "`mixed_precision`.*mixed_precision=1"),
        (
            {"mixed_precision": "on"},
            '`mixed_precision` must be True, False or "auto".*mixed_precision=.on.',
        ),
    ],
)
def test_each_setting_is_checked_naming_it_and_its_value(setting, message):
    with pytest.raises(ValueError, match=message):
        Recipe(**{"name": "a", "model": "mlp", **setting})


def test_a_schedule_value_is_checked_when_the_run_starts(tmp_path):
    # A recipe checks its schedule's parameter names without Keras; the
    # values, when a run builds the schedule, before any data is read.
    recipe = Recipe(
        name="a", model="mlp", schedule="reciprocal", schedule_args={"decay_epochs": -1}
    )
    argv = ["--data-dir", str(tmp_path / "none"), "--out", str(tmp_path / "run")]
    with pytest.raises(ValueError, match=r"`schedule_args`.*decay_epochs=-1"):
        run(recipe, argv)
    assert not (tmp_path / "run").exists()


def test_from_json_names_unknown_settings():
    data = {**get_recipe("mnist_logreg").to_json(), "batchsize": 64}
    with pytest.raises(ValueError, match=r"unknown recipe setting \(did you mean"):
        Recipe.from_json(data)


def test_registering_follows_the_registry_rules():
    recipe = get_recipe("mnist_logreg")
    assert register_recipe(recipe) is recipe  # An equal recipe again: a no-op.
    with pytest.raises(ValueError, match="'mnist_logreg' is already registered"):
        register_recipe(dataclasses.replace(recipe, epochs=1))
    with pytest.raises(ValueError, match=r"name='mnist_mpl'. Did you mean 'mnist_mlp'"):
        get_recipe("mnist_mpl")
    with pytest.raises(ValueError, match=r"must be a kzoo\.training\.Recipe"):
        register_recipe({"name": "x"})


def test_optimizer_settings_reach_the_model_and_follow_the_optimizer(tmp_path):
    recipe = get_recipe("mnist_logreg")
    out = tmp_path / "run"
    argv = ["--subset", "300", "--epochs", "1", "--verbose", "0", "--out", str(out)]
    run(recipe, [*argv, "--optimizer-args", "beta_1=0.95"])
    config = json.loads((out / "config.json").read_text())
    assert config["optimizer_args"] == {"beta_1": 0.95}
    model = kzoo.load_model(out / "model.keras")
    assert model.optimizer.beta_1 == pytest.approx(0.95)
    # Another optimizer starts from its own defaults, not adam's settings.
    adam = dataclasses.replace(recipe, optimizer_args={"beta_1": 0.9})
    changed, _ = parse(adam, ["--optimizer", "momentum"])
    assert changed.optimizer_args == {}


def test_a_setting_the_optimizer_lacks_is_refused_before_the_data(tmp_path):
    recipe = Recipe(name="a", model="mlp", optimizer_args={"beta1": 0.9})
    argv = ["--data-dir", str(tmp_path / "none"), "--out", str(tmp_path / "run")]
    with pytest.raises(ValueError, match=r"`optimizer_args`.*Did you mean 'beta_1'"):
        run(recipe, argv)
