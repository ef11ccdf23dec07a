"""The options of `kzoo train NAME`, made from the Recipe's fields."""

import dataclasses
import re
from pathlib import Path

import pytest

import kzoo.recipes  # noqa: F401  (registers the recipes)
from kzoo.data import Augmentation
from kzoo.training import Recipe, RunOptions, get_recipe
from kzoo.training.options import parse, parser

MLP = "mnist_mlp"

# A multi-process run's options, for the checks of their combinations.
JOINED = ["--coordinator", "127.0.0.1:9876", "--num-processes", "2"]


def help_text(name):
    """The help after its usage lines, on one line."""
    text = parser(get_recipe(name)).format_help()
    return " ".join(text[text.index("options:") :].split())


@pytest.mark.parametrize("name", ["mnist_cnn", "mnist_logreg", "mnist_mlp"])
def test_every_setting_is_an_option_with_help_and_the_recipes_default(name):
    recipe, text = get_recipe(name), help_text(name)
    for field in dataclasses.fields(Recipe):
        flag = "--" + field.name.replace("_", "-")
        if field.name in ("name", "description"):
            assert flag not in text
            continue
        # The flag, its help, then "(default: ...)" before the next option.
        entry = re.search(re.escape(flag) + r"[ ,].*?\(default: ([^)]*)\)", text)
        assert entry, f"{flag} has no help with its default"
        value = getattr(recipe, field.name)
        if isinstance(value, bool):
            assert entry.group(1) == ("on" if value else "off")
        elif isinstance(value, (int, float, str)):
            assert entry.group(1) == str(value)
    for flag in ("--data-dir", "--out", "--verbose", "--restart"):
        assert flag in text
    assert f"(default: runs/{name})" in text
    whole = " ".join(parser(recipe).format_help().split())
    assert " ".join(recipe.description.split()) in whole


def test_the_mlp_help_shows_its_epochs_and_augmentation():
    text = help_text(MLP)
    assert "passes over the data (default: 30)" in text
    assert "(default: rotation=8 translation=0.08 zoom=0.08)" in text
    assert "(default: hidden_units=[1024,1024] dropout=0.2 l2=1e-06)" in text


def test_no_options_give_the_recipe_and_the_run_defaults():
    recipe, run = parse(get_recipe(MLP), [])
    assert recipe == get_recipe(MLP)
    assert run == RunOptions(out=Path("runs") / MLP)


def test_options_change_the_recipe_and_the_run():
    argv = [
        "--epochs=3",
        "--batch-size",
        "64",
        "--learning-rate",
        "1e-2",
        "--subset",
        "500",
        "--seed",
        "7",
        "--deterministic",
        "--out",
        "somewhere",
        "--data-dir",
        "data",
        "--verbose",
        "2",
        "--restart",
    ]
    recipe, run = parse(get_recipe(MLP), argv)
    assert (recipe.epochs, recipe.batch_size, recipe.learning_rate) == (3, 64, 0.01)
    assert (recipe.subset, recipe.seed, recipe.deterministic) == (500, 7, True)
    assert run == RunOptions(Path("somewhere"), "data", 2, True)
    assert parse(recipe, ["--no-deterministic"])[0].deterministic is False
    assert parse(recipe, ["--subset", "none"])[0].subset is None


def test_distribution_options_and_what_they_imply():
    def run(*argv):
        return parse(get_recipe(MLP), list(argv))[1]

    assert run().loop == "fit"
    assert run("--loop", "device").loop == "device"
    assert run("--distribute", "data-parallel").distribute == "data-parallel"
    named = run("--devices", "GPU:0, gpu:1")
    assert (named.devices, named.distribute) == (("gpu:0", "gpu:1"), "data-parallel")
    joined = run(*JOINED, "--process-id", "1")
    assert (joined.coordinator, joined.num_processes, joined.process_id) == (
        "127.0.0.1:9876",
        2,
        1,
    )
    assert joined.distribute == "data-parallel"


def test_mappings_merge_into_the_recipes():
    recipe = parse(get_recipe(MLP), ["--model-args", "dropout=0.3", "l2=0"])[0]
    assert recipe.model_args == {"hidden_units": (1024, 1024), "dropout": 0.3, "l2": 0}
    recipe = parse(get_recipe(MLP), ["--model-args", '{"hidden_units": [64]}'])[0]
    assert recipe.model_args["hidden_units"] == (64,)
    recipe = parse(get_recipe(MLP), ["--augment", "placement=model", "zoom=0"])[0]
    assert recipe.augment == Augmentation(
        rotation=8, translation=0.08, placement="model"
    )
    assert parse(get_recipe(MLP), ["--augment", "none"])[0].augment is None
    logreg = parse(get_recipe("mnist_logreg"), ["--augment", "rotation=5"])[0]
    assert logreg.augment == Augmentation(rotation=5)


def test_another_schedule_starts_from_its_own_parameters():
    recipe = parse(get_recipe(MLP), ["--schedule", "cosine"])[0]
    assert (recipe.schedule, recipe.schedule_args) == ("cosine", {})
    recipe = parse(
        get_recipe(MLP), ["--schedule", "cosine", "--schedule-args", "warmup=0.3"]
    )[0]
    assert recipe.schedule_args == {"warmup": 0.3}
    recipe = parse(get_recipe(MLP), ["--schedule-args", "decay_epochs=3"])[0]
    assert (recipe.schedule, recipe.schedule_args) == (
        "reciprocal",
        {"decay_epochs": 3},
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--batch-size", "abc"],
            "argument --batch-size: must be a positive integer. Received: 'abc'",
        ),
        (
            ["--epochs", "0"],
            "argument --epochs: must be a positive integer. Received: '0'",
        ),
        (
            ["--learning-rate", "nan"],
            "argument --learning-rate: must be a finite number > 0. Received: 'nan'",
        ),
        (
            ["--dev-share", "1"],
            "argument --dev-share: must be in [0, 1). Received: '1'",
        ),
        (["--seed", "-1"], "argument --seed: must be a non-negative integer"),
        (["--subset", "x"], "argument --subset: must be a positive integer"),
        (["--schedule", "cosin"], "argument --schedule: must be a registered schedule"),
        (["--model", "mpl"], "(did you mean 'mlp'?). Received: 'mpl'"),
        (["--optimizer", "adamm"], "argument --optimizer: must be an optimizer name"),
        (
            ["--verbose", "3"],
            "argument --verbose: must be one of 0, 1, 2. Received: '3'",
        ),
        (["--model-args", "dropout"], "argument --model-args: must be KEY=VALUE pairs"),
        (
            ["--augment", "rotation=200"],
            "argument --augment: `rotation` must be at most",
        ),
        (
            ["--schedule-args", "warmup=0.1"],
            "`schedule_args` does not suit schedule='reciprocal'",
        ),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--distribute", "model-parallel"], "argument --distribute: invalid choice"),
        (["--loop", "scan"], "argument --loop: invalid choice: 'scan'"),
        (
            ["--loop", "device", "--devices", "cpu:0"],
            "--loop device trains on one device: it does not combine with",
        ),
        (["--num-processes", "2"], "--num-processes and --process-id need"),
        (
            ["--devices", "gpu0"],
            "argument --devices: each device must be TYPE:INDEX, e.g. gpu:0. "
            "Received: 'gpu0'",
        ),
        ([*JOINED, "--devices", "cpu:0"], "--devices is for one process"),
        (["--process-id", "-1"], "argument --process-id: must be a non-negative"),
        (
            JOINED[:2],
            "--coordinator needs --num-processes of 2 or more",
        ),
        (
            [*JOINED, "--process-id", "2"],
            "argument --process-id: must be below --num-processes (2)",
        ),
    ],
)
def test_a_bad_value_fails_in_one_line_naming_the_option(argv, message):
    with pytest.raises(SystemExit) as exit_info:
        parse(get_recipe(MLP), argv)
    text = str(exit_info.value.code)
    assert text.startswith("kzoo train mnist_mlp: error: ")
    assert message in text
    assert "\n" not in text
