"""The `kzoo` command: list, train and report, and clear errors."""

import shutil
import subprocess
import sys

import pytest

from kzoo import cli


def test_list_shows_models_and_recipes(capsys):
    cli.main(["list"])
    out = capsys.readouterr().out
    assert "mnist_cnn" in out
    assert "recipes: mnist_cnn, mnist_logreg, mnist_mlp, mnist_speedrun" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "mnist_mpl"], "unknown recipe 'mnist_mpl'"),
        (
            ["train", "mnist_mlp", "--epochs", "0"],
            "--epochs: must be a positive integer",
        ),
        (["train", "mnist_mlp", "--bogus"], "unrecognized arguments: --bogus"),
        (["train", "mnist_mlp", "--data-dir", "/nowhere"], "/nowhere does not exist"),
        (["report", "/nowhere"], "/nowhere is not a run directory"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required"),
    ],
)
def test_bad_input_gives_one_clear_line(argv, message):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    text = str(exit_info.value.code)
    assert message in text
    assert "\n" not in text


def test_report_prints_the_summary_and_redraws(tmp_path, capsys):
    out = tmp_path / "run"
    cli.main(
        [
            "train",
            "mnist_logreg",
            "--subset",
            "200",
            "--epochs",
            "1",
            "--out",
            str(out),
            "--verbose",
            "0",
        ]
    )
    (out / "curves.png").unlink()
    capsys.readouterr()
    cli.main(["report", str(out)])
    printed = capsys.readouterr().out
    assert "test_accuracy" in printed
    assert "Bias/variance:" in printed
    assert (out / "curves.png").is_file()


def test_console_script_is_installed():
    kzoo = shutil.which("kzoo") or pytest.fail("the kzoo console script is not on PATH")
    result = subprocess.run(
        [kzoo, "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "train" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "kzoo.cli", "train", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().endswith(
        "choose from mnist_cnn, mnist_logreg, mnist_mlp, mnist_speedrun"
    )
