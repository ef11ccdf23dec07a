"""The `kzoo` command: list, train and report, and clear errors."""

import os
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
        (
            ["train", "mnist_mlp", "--learning-rate", "nan"],
            "--learning-rate: must be a positive number, got nan",
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


def test_main_command_falls_back_to_the_bundled_sample(tmp_path):
    # No KZOO_DATA_DIR and a HOME without a Keras cache: the README's main
    # command still runs, on the bundled sample, and says so.
    env = {k: v for k, v in os.environ.items() if k != "KZOO_DATA_DIR"}
    env.update(HOME=str(tmp_path), TF_CPP_MIN_LOG_LEVEL="3")
    kzoo = shutil.which("kzoo") or pytest.fail("the kzoo console script is not on PATH")
    out = tmp_path / "run"
    result = subprocess.run(
        [
            kzoo,
            "train",
            "mnist_logreg",
            "--epochs",
            "1",
            "--out",
            str(out),
            "--verbose",
            "0",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "bundled SAMPLE of 8000 train and 2000 test images" in result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(f"run directory: {out}")
    assert (out / "metrics.json").is_file()
