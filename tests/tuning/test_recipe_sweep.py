"""`kzoo lr-find NAME`: a recipe's sweep, written beside its runs."""

import pytest

from kzoo import cli


def test_lr_find_writes_the_sweep_and_prints_a_suggestion(tmp_path, capsys):
    out = tmp_path / "sweep"
    options = ["--subset", "600", "--steps", "30", "--batch-size", "32"]
    cli.main(["lr-find", "mnist_logreg", *options, "--out", str(out), "--verbose", "0"])
    printed = capsys.readouterr().out
    assert "sweeping the learning rate of mnist_logreg on " in printed
    assert "suggested learning rate: " in printed or "no suggestion" in printed
    assert (out / "lr_find.csv").is_file()
    assert (out / "lr_find.png").is_file()
    rows = (out / "lr_find.csv").read_text().splitlines()
    assert 2 < len(rows) <= 31


def test_lr_find_help_shows_the_sweep_options_and_no_restart(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["lr-find", "mnist_mlp", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "--steps STEPS" in text
    assert "(default: 1e-07)" in text
    assert "--restart" not in text
    assert "directory of lr_find.csv, lr_find.png and lr_find.json" in text


def test_lr_find_errors_are_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for argv, message in [
        (["lr-find", "mnist_mpl"], "Did you mean 'mnist_mlp'"),
        (["lr-find", "mnist_logreg", "--steps", "2"], "`steps`.*at least 5"),
    ]:
        with pytest.raises(SystemExit, match=message) as exit_info:
            cli.main(argv)
        assert "\n" not in str(exit_info.value.code)
