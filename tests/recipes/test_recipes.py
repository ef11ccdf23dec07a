"""Every recipe runs end to end on a tiny subset and writes its run directory."""

import json
import struct

import keras
import pytest

from kzoo import cli
from kzoo._internal.files import read_csv

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


@pytest.mark.parametrize("recipe", cli.recipes())
def test_recipe_writes_every_artefact(recipe, tmp_path, capsys):
    out = tmp_path / recipe
    cli.main(
        [
            "train",
            recipe,
            "--subset",
            "300",
            "--epochs",
            "2",
            "--out",
            str(out),
            "--verbose",
            "0",
        ]
    )
    assert {p.name for p in out.iterdir()} >= ARTEFACTS
    assert not (out / "backup").exists()  # BackupAndRestore cleans up after success.
    metrics = json.loads((out / "metrics.json").read_text())
    for key in (
        "test_accuracy",
        "test_loss",
        "epochs",
        "train_seconds",
        "first_step_seconds",
        "fit_seconds",
        "backend",
        "kzoo_version",
        "keras_version",
    ):
        assert key in metrics
    assert metrics["epochs"] == 2
    assert 0.0 <= metrics["test_accuracy"] <= 1.0
    assert metrics["backend"] == keras.backend.backend()
    config = json.loads((out / "config.json").read_text())
    assert config["name"] == recipe
    assert config["subset"] == 300
    assert 0 < metrics["train_seconds"] < metrics["fit_seconds"]
    history = read_csv(out / "history.csv")
    assert [row["epoch"] for row in history] == ["0", "1"]
    assert float(history[-1]["train_seconds"]) == metrics["train_seconds"]
    png = (out / "curves.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1100, 420)
    loaded = keras.saving.load_model(out / "model.keras")
    assert loaded.name == config["model"]
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[-2].startswith("test accuracy: ")
    assert printed[-1].startswith(f"run directory: {out}")


def test_learning_rate_option_sets_the_peak(tmp_path):
    out = tmp_path / "run"
    options = ["--subset", "200", "--epochs", "1", "--verbose", "0", "--out", str(out)]
    cli.main(["train", "mnist_speedrun", *options, "--learning-rate", "0.5"])
    assert json.loads((out / "config.json").read_text())["learning_rate"] == 0.5
    model = keras.saving.load_model(out / "model.keras")
    schedule = model.optimizer.get_config()["learning_rate"]
    # The speedrun's cosine schedule peaks at the given rate after its warm-up.
    assert schedule["class_name"] == "CosineDecay"
    assert schedule["config"]["warmup_target"] == 0.5


def test_mixed_precision_computes_in_bfloat16_and_predicts_in_float32(tmp_path):
    out = tmp_path / "run"
    options = ["--subset", "300", "--epochs", "1", "--verbose", "0", "--out", str(out)]
    cli.main(["train", "mnist_speedrun", *options, "--mixed-precision"])
    assert keras.config.dtype_policy().name == "float32"  # Restored after.
    model = keras.saving.load_model(out / "model.keras")
    assert model.get_layer("stage2_conv0").compute_dtype == "bfloat16"
    assert model.get_layer("predictions").compute_dtype == "float32"
    metrics = json.loads((out / "metrics.json").read_text())
    assert 0.0 <= metrics["test_accuracy"] <= 1.0
