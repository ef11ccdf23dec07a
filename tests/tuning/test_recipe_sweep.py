"""`kzoo lr-find NAME`: a recipe's sweep, written beside its runs."""

import re

import numpy as np
import pytest

from kzoo import cli
from kzoo._internal.files import read_csv, read_json


def test_lr_find_writes_the_sweep_and_prints_a_suggestion(tmp_path, capsys):
    out = tmp_path / "sweep"
    options = ["--subset", "600", "--steps", "30", "--batch-size", "32"]
    cli.main(["lr-find", "mnist_logreg", *options, "--out", str(out), "--verbose", "0"])
    printed = capsys.readouterr().out
    assert "sweeping the learning rate of mnist_logreg on " in printed
    assert (out / "lr_find.png").read_bytes()[:4] == b"\x89PNG"
    rows = read_csv(out / "lr_find.csv")
    assert 2 < len(rows) <= 30
    rates = np.array([float(row["learning_rate"]) for row in rows])
    assert rates[0] == pytest.approx(1e-7)
    # Geometric steps from 1e-7 towards 10 over 30 steps.
    np.testing.assert_allclose(
        rates[1:] / rates[:-1], (10 / 1e-7) ** (1 / 29), rtol=1e-6
    )
    # Softmax regression on the sample learns over this range: the loss falls,
    # so there is a suggestion, where it fell fastest, below the minimum.
    found = read_json(out / "lr_find.json")
    assert 1e-7 <= found["suggestion"] < found["minimum"] <= rates[-1]
    assert f"suggested learning rate: {found['suggestion']:.3g}" in printed


def test_lr_find_help_shows_the_sweep_options_and_no_restart(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["lr-find", "mnist_mlp", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "--steps STEPS" in text
    assert "(default: 1e-07)" in text
    assert "--restart" not in text
    assert "directory of lr_find.csv, lr_find.png and lr_find.json" in text


def test_lr_find_errors_are_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for argv, message in [
        (["lr-find", "mnist_mpl"], "Did you mean 'mnist_mlp'"),
        (["lr-find", "mnist_logreg", "--steps", "2"], "--steps: must be at least 5"),
        (["lr-find", "mnist_logreg", "--start", "0"], "--start: must be a finite"),
        (["lr-find", "mnist_logreg", "--stop", "inf"], "--stop: must be a finite"),
        (
            ["lr-find", "mnist_logreg", "--start", "1", "--stop", "0.1"],
            "`stop` must be greater than --start 1.0",
        ),
    ]:
        with pytest.raises(SystemExit) as exit_info:
            cli.main(argv)
        text = str(exit_info.value.code) + capsys.readouterr().err
        assert re.search(message, text), text
        assert "\n" not in text.strip()
        assert not (tmp_path / "runs").exists()  # Refused before anything ran.
