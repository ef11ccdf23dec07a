"""The `kzoo` command: list, train and report, reruns, and clear errors."""

import dataclasses
import importlib
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

import kzoo.recipes  # noqa: F401  (registers the recipes)
from kzoo import cli
from kzoo._internal.files import read_csv, write_csv, write_json
from kzoo.training import Recipe, get_recipe
from kzoo.version import __version__
from tests import mnist_files


def kzoo_main(argv, capsys=None):
    """Runs `kzoo ARGV` in this process; returns what it printed."""
    cli.main(argv)
    return capsys.readouterr().out if capsys else None


def quick(out, *extra):
    # mnist_logreg on 2,000 images for one epoch: a run in a few seconds.
    return [
        "train",
        "mnist_logreg",
        "--subset",
        "2000",
        "--epochs",
        "1",
        "--out",
        str(out),
        "--verbose",
        "0",
        *extra,
    ]


def test_list_shows_every_kind(capsys):
    printed = kzoo_main(["list"], capsys).splitlines()
    kinds = {line.split(":")[0]: line.split(":", 1)[1].strip() for line in printed}
    assert list(kinds) == ["models", "recipes", "schedules", "optimizers"]
    assert kinds["recipes"] == "mnist_cnn, mnist_logreg, mnist_mlp, mnist_speedrun"
    assert kinds["schedules"] == "constant, cosine, reciprocal"
    assert kinds["optimizers"] == "adam, momentum, rmsprop, sgd"
    assert "mnist_speedrun_cnn" in kinds["models"].split(", ")


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"kzoo {__version__}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["train", "mnist_mpl"],
            "kzoo train: error: Unknown recipe: name='mnist_mpl'. Did you mean "
            "'mnist_mlp'",
        ),
        (["train"], "kzoo train: error: name a recipe: kzoo train RECIPE [options]"),
        ([], "kzoo: error: name a command: kzoo list, kzoo train RECIPE or kzoo"),
        (
            ["train", "mnist_mlp", "--batch-size", "abc"],
            "kzoo train mnist_mlp: error: argument --batch-size: must be a positive "
            "integer. Received: 'abc'",
        ),
        (
            ["train", "mnist_mlp", "--epochs", "0"],
            "argument --epochs: must be a positive integer. Received: '0'",
        ),
        (
            ["train", "mnist_mlp", "--learning-rate", "nan"],
            "argument --learning-rate: must be a finite number > 0. Received: 'nan'",
        ),
        (["train", "mnist_mlp", "--bogus"], "unrecognized arguments: --bogus"),
        (["train", "mnist_mlp", "--data-dir", "/nowhere"], "/nowhere does not exist"),
        (["report", "/nowhere"], "/nowhere is not a run directory"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_gives_one_clear_line(argv, message, tmp_path, monkeypatch):
    # In an empty directory: a user's finished runs/mnist_mlp in the working
    # directory would otherwise answer "finished" before the data is read.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    text = str(exit_info.value.code)
    assert message in text
    assert "\n" not in text


def test_tune_without_keras_tuner_says_how_to_install_it(monkeypatch):
    # As if the `tune` extra were not installed: the import fails.
    monkeypatch.setitem(sys.modules, "keras_tuner", None)
    for name in [name for name in sys.modules if name.startswith("kzoo.tuning.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["tune", "mnist_logreg"])
    text = str(exit_info.value.code)
    assert text.startswith("kzoo tune: error: ")
    assert text.endswith('install KerasTuner: pip install "kzoo[tune]"')
    assert "\n" not in text


def test_a_model_argument_the_builder_lacks_is_one_line(tmp_path):
    argv = quick(tmp_path / "run", "--model-args", "hiden=3")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    text = str(exit_info.value.code)
    assert text.startswith("kzoo train mnist_logreg: error: Argument `model_args`")
    assert "takes no argument 'hiden'" in text
    assert "\n" not in text
    # Nothing trained: a corrected command may use the directory.
    cli.main(quick(tmp_path / "run"))


def test_help_shows_each_options_default(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["train", "mnist_mlp", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("usage: kzoo train mnist_mlp")
    assert "--epochs EPOCHS passes over the data (default: 30)" in text
    assert "--batch-size BATCH_SIZE mini-batch size (default: 128)" in text
    assert "(default: 0)" in text  # --seed
    assert "(default: 1)" in text  # --verbose


def test_a_rerun_with_other_settings_is_refused(tmp_path, capsys):
    out = tmp_path / "run"
    kzoo_main(quick(out))
    before = (out / "metrics.json").read_text()
    with pytest.raises(SystemExit) as exit_info:
        cli.main(quick(out, "--batch-size", "64"))
    text = str(exit_info.value.code)
    assert text.startswith(f"kzoo train mnist_logreg: error: {out} holds another run")
    assert "batch_size (--batch-size) is 128 there and 64 now" in text
    assert "--restart" in text
    assert "\n" not in text
    assert (out / "metrics.json").read_text() == before  # Untouched.
    config = json.loads((out / "config.json").read_text())
    assert Recipe.from_json(config).batch_size == 128


def test_a_finished_run_is_not_retrained_without_restart(tmp_path, capsys):
    out = tmp_path / "run"
    kzoo_main(quick(out))
    model_time = (out / "model.keras").stat().st_mtime_ns
    metrics = json.loads((out / "metrics.json").read_text())
    capsys.readouterr()

    assert cli.main(quick(out)) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == (
        f"{out} is a finished run of mnist_logreg: see `kzoo report {out}`. To "
        "train it again, add --restart."
    )
    assert (out / "model.keras").stat().st_mtime_ns == model_time
    assert json.loads((out / "metrics.json").read_text()) == metrics

    (out / "notes.txt").write_text("mine")
    printed = kzoo_main(quick(out, "--restart", "--batch-size", "64"), capsys)
    assert printed.strip().splitlines()[-2].startswith("test accuracy: ")
    assert (out / "model.keras").stat().st_mtime_ns != model_time
    assert (out / "notes.txt").read_text() == "mine"  # Only the run's files go.
    config = Recipe.from_json(json.loads((out / "config.json").read_text()))
    assert config.batch_size == 64
    assert [row["epoch"] for row in read_csv(out / "history.csv")] == ["0"]
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["resumed_from_epoch"] == 0


def test_report_prints_the_summary_and_redraws(tmp_path, capsys):
    out = tmp_path / "run"
    kzoo_main(quick(out))
    metrics = json.loads((out / "metrics.json").read_text())
    bias_variance = json.loads((out / "bias_variance.json").read_text())
    (out / "curves.png").unlink()
    capsys.readouterr()
    printed = kzoo_main(["report", str(out)], capsys)
    lines = printed.splitlines()
    assert lines[:2] == [f"run directory: {out}", "  recipe: mnist_logreg, 1 epoch"]
    # Percentages a person reads, not 0.9564999938011169.
    assert str(metrics["test_accuracy"]) not in printed
    assert (
        f"  test accuracy: {metrics['test_accuracy']:.2%} "
        f"(loss {metrics['test_loss']:.4g})" in lines
    )
    assert f"  dev accuracy: {metrics['dev_accuracy']:.2%}" in printed
    # Where the data came from, and how much of it each set had.
    source = metrics["data_source"]
    assert any(line.startswith("  data: ") and source in line for line in lines)
    assert "; the first 2,000 training images (--subset)" in printed
    assert (
        f"  examples: {metrics['train_examples']:,} train, "
        f"{bias_variance['train_dev_examples']:,} train-dev, "
        f"{metrics['dev_examples']:,} dev, {metrics['test_examples']:,} test" in lines
    )
    assert re.search(r"^  time: \d+(\.\d)? s of training steps", printed, re.M)
    assert f"  training: fit loop, dtype policy {metrics['dtype_policy']}" in lines
    assert "Bias/variance:" in printed
    assert "95%:" in printed  # The errors' intervals, from the set sizes.
    assert lines[-1] == f"curves: {out / 'curves.png'}"
    assert (out / "curves.png").read_bytes()[:4] == b"\x89PNG"


# Its warning is tested in tests/training/test_recipe_data.py.
@pytest.mark.filterwarnings("ignore:`subset`=1000 is more than:UserWarning")
def test_report_says_when_the_subset_asked_for_more_than_there_was(tmp_path, capsys):
    (x, y), test = mnist_files.sample()
    data = mnist_files.write_idx_dir(tmp_path / "mnist", (x[:500], y[:500]), test)
    out = tmp_path / "run"
    argv = quick(out, "--data-dir", str(data))
    argv[argv.index("--subset") + 1] = "1000"
    kzoo_main(argv)
    capsys.readouterr()
    printed = kzoo_main(["report", str(out)], capsys)
    assert "; all 500 training images (--subset 1,000 asked for more)" in printed


def test_a_run_directory_is_written_with_the_users_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        kzoo_main(quick(tmp_path / "run"))
    finally:
        os.umask(previous)
    modes = {
        path.name: oct(path.stat().st_mode & 0o777)
        for path in (tmp_path / "run").iterdir()
        if path.is_file()
    }
    assert set(modes) >= {"config.json", "history.csv", "metrics.json", "curves.png"}
    assert modes == dict.fromkeys(modes, oct(0o644))  # Not owner-only 0o600.


def interrupted_run(out, epochs_done, epochs=4):
    """A run directory as Ctrl-C leaves it: config.json and a history."""
    recipe = dataclasses.replace(get_recipe("mnist_logreg"), epochs=epochs)
    write_json(out / "config.json", recipe.to_json())
    history = [
        {
            "epoch": e,
            "loss": 0.5 / (e + 1),
            "accuracy": 0.9 + e / 100,
            "val_loss": 0.4 / (e + 1),
            "val_accuracy": 0.91 + e / 100,
            "learning_rate": 0.01 / (e + 1),
            "train_seconds": 12.345 * (e + 1),
        }
        for e in range(epochs_done)
    ]
    write_csv(out / "history.csv", list(history[0]), history)
    batches = [
        {
            "epoch": e,
            "batch": b,
            "step": 3 * e + b + 1,
            "loss": 0.5,
            "smoothed_loss": 0.5,
        }
        for e in range(epochs_done)
        for b in range(3)
    ]
    write_csv(out / "batches.csv", list(batches[0]), batches)


def test_report_on_an_interrupted_run_says_what_is_there(tmp_path, capsys):
    out = tmp_path / "run"
    interrupted_run(out, epochs_done=2)
    printed = kzoo_main(["report", str(out)], capsys)
    assert printed.splitlines() == [
        f"run directory: {out}",
        "  recipe: mnist_logreg, 4 epochs",
        "  not finished: 2 of 4 epochs done. If it is not training now, the same "
        "`kzoo train mnist_logreg` command resumes it.",
        "  epoch 2: loss 0.25, accuracy 91.00%, dev loss 0.2, dev accuracy 92.00%, "
        "learning rate 0.005, training steps 25 s",
        f"curves: {out / 'curves.png'}",
    ]
    assert (out / "curves.png").read_bytes()[:4] == b"\x89PNG"


def test_report_on_a_directory_that_holds_no_run_is_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["report", str(tmp_path)])
    assert str(exit_info.value.code) == (
        f"kzoo: error: {tmp_path} is not a run directory (no metrics.json, "
        "config.json or history.csv)"
    )


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
        "Available: mnist_cnn, mnist_logreg, mnist_mlp, mnist_speedrun."
    )


def test_main_command_falls_back_to_the_bundled_sample(tmp_path):
    # No KZOO_DATA_DIR and a HOME without a Keras cache: the README's main
    # command still runs, on the bundled sample, and says so.
    # Nor a TF log level of the user's: kzoo hides TensorFlow's start-up log.
    hidden = ("KZOO_DATA_DIR", "TF_CPP_MIN_LOG_LEVEL")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env.update(HOME=str(tmp_path))
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
    # No oneDNN, CUDA or cpu_feature_guard lines from TensorFlow's C++ log.
    assert not re.search(r"^[IWEF]\d{4} |absl::InitializeLog", result.stderr, re.M), (
        result.stderr[-2000:]
    )
    assert result.stdout.strip().splitlines()[-1].startswith(f"run directory: {out}")
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["data_source"] == "kzoo's bundled sample"
    assert metrics["test_examples"] == 2000
    # 8,000 images: 5% dev, then 1% of the rest as train-dev.
    assert metrics["dev_examples"] == 400
    assert 7500 <= metrics["train_examples"] < 7600
    history = read_csv(out / "history.csv")
    assert [row["epoch"] for row in history] == ["0"]
    assert float(history[0]["train_seconds"]) == metrics["train_seconds"]
    config = json.loads((out / "config.json").read_text())
    expected = dataclasses.replace(get_recipe("mnist_logreg"), epochs=1)
    assert Recipe.from_json(config) == expected


@pytest.mark.parametrize(
    ("options", "users_level", "shown"),
    [([], None, False), (["--verbose", "2"], None, True), ([], "0", True)],
)
def test_the_backends_start_up_log_is_hidden_unless_asked(
    options, users_level, shown, tmp_path
):
    # A child process, as the user's: Keras and its backend start there. A run
    # that stops at its data (here: none) has started them by then.
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    if users_level is not None:
        env["TF_CPP_MIN_LOG_LEVEL"] = users_level
    kzoo = shutil.which("kzoo") or pytest.fail("the kzoo console script is not on PATH")
    out = ["--data-dir", str(tmp_path / "none"), "--out", str(tmp_path / "run")]
    result = subprocess.run(
        [kzoo, "train", "mnist_logreg", *out, *options],
        capture_output=True,
        text=True,
        check=False,
        env={**env, "KERAS_BACKEND": "tensorflow"},
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert "none does not exist" in last, result.stderr[-2000:]
    # TensorFlow 2.21 on a CPU logs oneDNN lines as it starts, whatever
    # TF_CPP_MIN_LOG_LEVEL says (see kzoo.training.startup).
    logged = re.search(r"^[IWEF]\d{4} ", result.stderr, re.M) is not None
    assert logged == shown, result.stderr[-2000:]


def test_a_failed_start_shows_what_was_hidden(capfd):
    from kzoo.training import startup

    def start_that_fails():
        with startup._native_stderr_hidden():
            os.write(2, b"native line\n")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        start_that_fails()
    assert "native line" in capfd.readouterr().err
    with startup._native_stderr_hidden():
        os.write(2, b"hidden line\n")
    assert "hidden line" not in capfd.readouterr().err


@pytest.mark.parametrize(
    ("command", "module", "function", "said"),
    [
        ("tune", "kzoo.tuning.caviar", "tune", "the same command resumes the search"),
        ("lr-find", "kzoo.tuning.recipe_sweep", "sweep_recipe", "nothing was written"),
    ],
)
def test_ctrl_c_in_a_search_is_one_line(
    monkeypatch, capsys, command, module, function, said
):
    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module(module), function, interrupted)
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "mnist_logreg"])
    assert exit_info.value.code == 130
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"kzoo {command}: interrupted; ")
    assert said in error
    assert "\n" not in error
