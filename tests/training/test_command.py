"""`kzoo.training.command.main`: a recipe run as a command, ended in one line."""

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
