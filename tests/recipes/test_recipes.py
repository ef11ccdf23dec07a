"""Every recipe runs end to end on a tiny subset and writes its run directory.

These run on JAX without TensorFlow too (tests/test_backends.py), where the
tf.data pipeline is missing and a pipeline augmentation moves into the model.
"""

import dataclasses
import json
import re
import struct

import keras
import pytest

import kzoo.recipes  # noqa: F401  (registers the recipes)
from kzoo import cli
from kzoo._internal.files import read_csv
from kzoo.layers import RandomAugmentation
from kzoo.training import Recipe, get_recipe, list_recipes
from kzoo.training.provenance import git_commit
from tests.subprocesses import ROOT, explain, run_python

ARTEFACTS = {
    "config.json",
    "history.csv",
    "batches.csv",
    "curves.png",
    "bias_variance.json",
    "bias_variance.md",
    "model.keras",
    "metrics.json",
}
HISTORY_COLUMNS = {
    "epoch",
    "loss",
    "accuracy",
    "val_loss",
    "val_accuracy",
    "learning_rate",
    "train_seconds",
}


def has_tensorflow():
    try:
        import tensorflow  # noqa: F401
    except ImportError:
        return False
    return True


def train(recipe, out, *options):
    cli.main(["train", recipe, "--out", str(out), "--verbose", "0", *options])
    metrics = json.loads((out / "metrics.json").read_text())
    return metrics, json.loads((out / "config.json").read_text())


def all_layers(model):
    for layer in model.layers:
        yield layer
        if isinstance(layer, keras.Model):
            yield from all_layers(layer)


@pytest.mark.parametrize("recipe", list_recipes())
def test_recipe_writes_every_artefact(recipe, tmp_path, capsys):
    out = tmp_path / recipe
    metrics, config = train(recipe, out, "--subset", "300", "--epochs", "2")
    assert {p.name for p in out.iterdir()} >= ARTEFACTS
    assert not (out / "backup").exists()  # BackupAndRestore cleans up after success.

    # config.json is the recipe with the options applied, and reads back.
    expected = dataclasses.replace(get_recipe(recipe), subset=300, epochs=2)
    assert Recipe.from_json(config) == expected

    history = read_csv(out / "history.csv")
    assert [row["epoch"] for row in history] == ["0", "1"]
    assert set(history[0]) >= HISTORY_COLUMNS
    seconds = [float(row["train_seconds"]) for row in history]
    # Cumulative (epoch 0 may round to 0: its first step, timed apart, can
    # be nearly all of it).
    assert 0 <= seconds[0] < seconds[1] == metrics["train_seconds"]
    assert metrics["train_seconds"] < metrics["fit_seconds"]
    # The dev figures are the last epoch's validation, measured again.
    assert metrics["dev_accuracy"] == pytest.approx(
        float(history[-1]["val_accuracy"]), abs=1e-6
    )
    assert metrics["dev_loss"] == pytest.approx(
        float(history[-1]["val_loss"]), rel=1e-3
    )
    assert metrics["epochs"] == 2
    assert metrics["stopped"] is None
    assert metrics["resumed_from_epoch"] == 0
    assert metrics["backend"] == keras.backend.backend()
    assert metrics["keras_version"] == keras.__version__
    assert metrics["git_commit"] == git_commit()
    # The code this process loaded, for a benchmark's staleness check.
    modules = metrics["kzoo_modules"]
    assert {"kzoo/training/loop.py", f"recipes/{recipe}.py"} <= set(modules)
    assert modules == sorted(modules)
    assert all((ROOT / path).is_file() for path in modules)
    assert 0 < metrics["dev_examples"] < metrics["train_examples"]
    assert metrics["train_examples"] + metrics["dev_examples"] <= 300
    assert metrics["test_examples"] in (2000, 10000)  # The sample or MNIST.
    assert 0.0 < metrics["test_accuracy"] < 1.0
    batches = read_csv(out / "batches.csv")
    assert {row["epoch"] for row in batches} == {"0", "1"}

    png = (out / "curves.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1400, 420)
    loaded = keras.saving.load_model(out / "model.keras")
    assert loaded.name == config["model"]
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[-2] == (
        f"test accuracy: {metrics['test_accuracy']:.2%} "
        f"(loss {metrics['test_loss']:.4f}); "
        f"dev accuracy: {metrics['dev_accuracy']:.2%}"
    )
    assert printed[-1].startswith(f"run directory: {out}")


def test_the_device_loop_trains_a_recipe_on_jax_and_is_refused_elsewhere(
    tmp_path, capsys
):
    # mnist_mlp: its tf.data augmentation must move into the model.
    options = ["--subset", "300", "--epochs", "2", "--loop", "device"]
    options += ["--model-args", "hidden_units=[32]"]
    if keras.backend.backend() != "jax":
        with pytest.raises(SystemExit) as exit_info:
            train("mnist_mlp", tmp_path / "run", *options)
        assert "Argument `backend` must be jax" in str(exit_info.value.code)
        assert not (tmp_path / "run" / "metrics.json").exists()
        return
    metrics, _ = train("mnist_mlp", tmp_path / "run", *options)
    assert (metrics["loop"], metrics["epochs_run"]) == ("device", 2)
    assert metrics["augmentation"] == "model (the device loop has no tf.data pipeline)"
    assert "the device loop has no tf.data pipeline" in capsys.readouterr().out
    model = keras.saving.load_model(tmp_path / "run" / "model.keras")
    assert any(isinstance(x, RandomAugmentation) for x in all_layers(model))
    assert metrics["compile_seconds"] > 0
    assert metrics["first_run_seconds"] > 0
    assert metrics["first_step_seconds"] is None  # No batch hooks run.
    assert 0 < metrics["train_seconds"] < metrics["fit_seconds"]
    assert 0.0 < metrics["test_accuracy"] < 1.0
    history = read_csv(tmp_path / "run" / "history.csv")
    assert [row["epoch"] for row in history] == ["0", "1"]
    assert set(history[0]) >= HISTORY_COLUMNS


@pytest.mark.parametrize("recipe", ["mnist_mlp", "mnist_cnn"])
def test_augmentation_is_applied_never_dropped(recipe, tmp_path, capsys):
    # On JAX without TensorFlow there is no tf.data: mnist_mlp's pipeline
    # augmentation must then run in the model, not vanish.
    spec = get_recipe(recipe).augment
    options = ["--subset", "300", "--epochs", "1", "--model-args"]
    small = "hidden_units=[32]" if recipe == "mnist_mlp" else "filters=[8,8,8]"
    metrics, _ = train(recipe, tmp_path / "run", *options, small)
    model = keras.saving.load_model(tmp_path / "run" / "model.keras")
    layers = [x for x in all_layers(model) if isinstance(x, RandomAugmentation)]
    printed = capsys.readouterr().out
    if spec.placement == "pipeline" and has_tensorflow():
        assert metrics["augmentation"] == "pipeline"
        assert layers == []
        return
    assert len(layers) == 1
    assert layers[0].spec == dataclasses.replace(spec, placement="pipeline")
    if spec.placement == "model":
        assert metrics["augmentation"] == "model"
    else:
        assert metrics["augmentation"] == "model (no TensorFlow for tf.data)"
        assert "augmentation runs in the model instead" in printed


def test_learning_rate_option_sets_the_peak(tmp_path):
    options = ["--subset", "200", "--epochs", "1", "--learning-rate", "0.5"]
    _, config = train("mnist_speedrun", tmp_path / "run", *options)
    assert config["learning_rate"] == 0.5
    model = keras.saving.load_model(tmp_path / "run" / "model.keras")
    schedule = model.optimizer.get_config()["learning_rate"]
    # The speedrun's cosine schedule peaks at the given rate after its warm-up.
    assert schedule["class_name"] == "CosineDecay"
    assert schedule["config"]["warmup_target"] == 0.5
    assert schedule["config"]["initial_learning_rate"] == 0.05


def test_mixed_precision_computes_in_bfloat16_and_predicts_in_float32(tmp_path):
    options = ["--subset", "300", "--epochs", "1", "--mixed-precision"]
    metrics, config = train("mnist_speedrun", tmp_path / "run", *options)
    assert config["mixed_precision"] is True
    assert keras.config.dtype_policy().name == "float32"  # Restored after.
    model = keras.saving.load_model(tmp_path / "run" / "model.keras")
    assert model.get_layer("conv1").compute_dtype == "bfloat16"
    assert model.get_layer("predictions").compute_dtype == "float32"
    assert metrics["test_loss"] == metrics["test_loss"]  # Not NaN.


def test_git_commit_is_that_of_the_checkout_or_none(tmp_path):
    commit = git_commit()
    assert commit is None or re.fullmatch(r"[0-9a-f]{40}", commit)
    assert git_commit(tmp_path) is None  # Not a checkout.
    assert git_commit(tmp_path / "missing") is None  # Never raises.


def test_a_recipe_file_runs_as_a_script(tmp_path):
    # `python recipes/NAME.py [options]`, as the README says, in a child
    # process on this test's backend (and without TensorFlow if it is absent).
    out = tmp_path / "run"
    script = [str(ROOT / "recipes" / "mnist_logreg.py"), "--subset", "300"]
    backend, blocked = keras.backend.backend(), not has_tensorflow()
    if blocked:  # tests/no_tensorflow.py runs -c CODE or -m MODULE only.
        code = "import runpy, sys; sys.argv = sys.argv[1:]; "
        script = ["-c", code + "runpy.run_path(sys.argv[0], run_name='__main__')"]
        script += [str(ROOT / "recipes" / "mnist_logreg.py"), "--subset", "300"]
    argv = [*script, "--epochs", "1", "--verbose", "0", "--out", str(out)]
    result = run_python(argv, backend, block_tensorflow=blocked)
    assert result.returncode == 0, explain(result)
    assert result.stdout.strip().splitlines()[-1].startswith(f"run directory: {out}")
    assert json.loads((out / "metrics.json").read_text())["epochs"] == 1
    result = run_python([*script, "--batch-size", "abc"], backend, blocked)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "kzoo train mnist_logreg: error: argument --batch-size: must be a positive "
        "integer. Received: 'abc' (see kzoo train mnist_logreg --help)"
    )
