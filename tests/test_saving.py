"""`kzoo.load_model` opens a run's model.keras in a fresh interpreter."""

import textwrap

import keras
import numpy as np

import kzoo
import kzoo.recipes  # Registers the recipes.
from kzoo import cli
from kzoo.data.mnist import read_sample
from tests.subprocesses import explain, run_python

FRESH = textwrap.dedent(
    """
    import sys

    import keras
    import numpy as np

    model_path, x_path, expected_path = sys.argv[1:]
    try:
        keras.saving.load_model(model_path)
    except Exception as error:  # What a user met before kzoo.load_model.
        print("keras alone:", " ".join(str(error).split()))
    else:
        print("keras alone: loaded")

    import kzoo

    model = kzoo.load_model(model_path)
    schedule = model.optimizer.get_config()["learning_rate"]["class_name"]
    predictions = model.predict(np.load(x_path), verbose=0)
    np.testing.assert_allclose(predictions, np.load(expected_path), atol=1e-6)
    print("kzoo.load_model:", model.name, schedule, "same predictions")
    """
)


def test_a_runs_model_loads_in_a_fresh_interpreter(tmp_path):
    # The README's main job, small: its model.keras holds kzoo's schedule.
    out = tmp_path / "run"
    options = ["--subset", "300", "--epochs", "1", "--verbose", "0"]
    options += ["--model-args", "hidden_units=[32]", "--out", str(out)]
    cli.main(["train", "mnist_mlp", *options])
    model = keras.saving.load_model(out / "model.keras")  # kzoo is imported here.
    x = read_sample()["x_test"][:64]
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "expected.npy", model.predict(x, verbose=0))

    paths = [out / "model.keras", tmp_path / "x.npy", tmp_path / "expected.npy"]
    result = run_python(["-c", FRESH, *map(str, paths)], keras.backend.backend())
    assert result.returncode == 0, explain(result)
    lines = result.stdout.strip().splitlines()
    # Keras alone cannot find kzoo's classes (the README says so); kzoo's
    # loader imports them first.
    assert lines[-2].startswith("keras alone: "), explain(result)
    assert "Could not locate class 'ReciprocalDecay'" in lines[-2], explain(result)
    assert lines[-1] == (
        f"kzoo.load_model: {model.name} ReciprocalDecay same predictions"
    ), explain(result)


def test_load_model_is_kzoos_public_name():
    assert kzoo.load_model is kzoo.saving.load_model
    assert kzoo.load_model.__module__ == "kzoo.saving"
