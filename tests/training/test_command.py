"""`kzoo.training.command.main`: a recipe run as a command, ended in one line."""

import json

import pytest

from kzoo import recipes  # noqa: F401  (registers the recipes)
from kzoo.training import command, get_recipe


def test_ctrl_c_while_the_backend_loads_is_one_line(monkeypatch, tmp_path, capsys):
    def start_keras(**_):
        raise KeyboardInterrupt  # Ctrl-C in the seconds TensorFlow loads.

    monkeypatch.setattr(command, "start_keras", start_keras)
    argv = ["--out", str(tmp_path / "run")]
    with pytest.raises(SystemExit) as exit_info:
        command.main(get_recipe("mnist_logreg"), argv)
    assert exit_info.value.code == command.INTERRUPTED
    assert capsys.readouterr().err.strip() == "interrupted before training began"
    assert not (tmp_path / "run").exists()  # Nothing was written.


def finished_run(path, recipe):
    """A run directory as a finished run of `recipe` leaves it."""
    path.mkdir()
    (path / "config.json").write_text(json.dumps(recipe.to_json()))
    (path / "metrics.json").write_text(json.dumps({"test_accuracy": 0.9}))


def test_a_finished_run_says_so_before_keras_starts(monkeypatch, tmp_path, capsys):
    def start_keras(**_):
        raise AssertionError("Keras started for a finished run")

    monkeypatch.setattr(command, "start_keras", start_keras)
    recipe = get_recipe("mnist_logreg")
    finished_run(tmp_path / "run", recipe)
    argv = ["--out", str(tmp_path / "run")]
    assert command.main(recipe, argv) == 0
    assert capsys.readouterr().out.strip() == (
        f"{tmp_path / 'run'} is a finished run of mnist_logreg: see "
        f"`kzoo report {tmp_path / 'run'}`. To train it again, add --restart."
    )


def test_a_finished_run_of_other_settings_is_refused_before_keras_starts(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(command, "start_keras", pytest.fail)
    recipe = get_recipe("mnist_logreg")
    finished_run(tmp_path / "run", recipe)
    argv = ["--out", str(tmp_path / "run"), "--batch-size", "64"]
    with pytest.raises(SystemExit) as exit_info:
        command.main(recipe, argv)
    text = str(exit_info.value.code)
    assert text.startswith("kzoo train mnist_logreg: error: ")
    assert "batch_size (--batch-size) is 128 there and 64 now" in text


@pytest.mark.parametrize(
    "argv", [["--restart"], ["--num-processes", "2", "--coordinator", "localhost:1234"]]
)
def test_a_restart_or_several_processes_go_on_to_keras(monkeypatch, tmp_path, argv):
    def start_keras(**_):
        raise KeyboardInterrupt  # Where Keras would start: stop there.

    monkeypatch.setattr(command, "start_keras", start_keras)
    recipe = get_recipe("mnist_logreg")
    finished_run(tmp_path / "run", recipe)
    with pytest.raises(SystemExit) as exit_info:
        command.main(recipe, ["--out", str(tmp_path / "run"), *argv])
    assert exit_info.value.code == command.INTERRUPTED
