"""A recipe under kills, NaNs and reruns: real subprocesses, a real SIGKILL.

Each test runs `python -m kzoo.cli train mnist_mlp` on a subset of MNIST
(with its tf.data augmentation and dropout), on the CPU with TensorFlow's
deterministic kernels, and reads the run directory it leaves.
"""

import contextlib
import dataclasses
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kzoo.recipes  # noqa: F401  (registers the recipes)
from kzoo import cli
from kzoo._internal.files import read_csv, read_json, write_csv
from kzoo.training import Recipe, get_recipe
from tests.subprocesses import ROOT, explain, run_python, wait_until

EPOCHS = 4
# Time columns differ between runs by nature; everything else must not.
CLOCKS = {"train_seconds"}


def command(out, *extra, subset=6000):
    return [
        "-m",
        "kzoo.cli",
        "train",
        "mnist_mlp",
        "--subset",
        str(subset),
        "--epochs",
        str(EPOCHS),
        "--seed",
        "3",
        "--deterministic",
        "--verbose",
        "0",
        "--out",
        str(out),
        *extra,
    ]


def expected_recipe(subset=6000):
    """mnist_mlp with the options of `command`."""
    return dataclasses.replace(
        get_recipe("mnist_mlp"),
        subset=subset,
        epochs=EPOCHS,
        seed=3,
        deterministic=True,
    )


def history(run_dir):
    return [
        {k: v for k, v in row.items() if k not in CLOCKS}
        for row in read_csv(run_dir / "history.csv")
    ]


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    out = tmp_path_factory.mktemp("uninterrupted") / "run"
    result = run_python(command(out), "tensorflow")
    assert result.returncode == 0, explain(result)
    return out


def test_the_run_directory_records_the_run(uninterrupted):
    config = read_json(uninterrupted / "config.json")
    assert Recipe.from_json(config) == expected_recipe()
    rows = read_csv(uninterrupted / "history.csv")
    assert [int(row["epoch"]) for row in rows] == list(range(EPOCHS))
    assert set(rows[0]) >= {
        "epoch",
        "loss",
        "accuracy",
        "val_loss",
        "val_accuracy",
        "learning_rate",
        "train_seconds",
    }
    # The course's reciprocal decay by epoch, alpha_0 * 10 / (epoch + 10).
    rates = [float(row["learning_rate"]) for row in rows]
    assert rates == pytest.approx([0.001 * 10 / (e + 10) for e in range(EPOCHS)])
    metrics = read_json(uninterrupted / "metrics.json")
    assert metrics["epochs"] == EPOCHS
    assert metrics["train_seconds"] == float(rows[-1]["train_seconds"])
    assert metrics["dev_accuracy"] == pytest.approx(float(rows[-1]["val_accuracy"]))
    assert metrics["augmentation"] == "pipeline"
    assert metrics["stopped"] is None
    steps = metrics["train_examples"] // 128
    batches = read_csv(uninterrupted / "batches.csv")
    assert len(batches) == EPOCHS * steps


def test_two_seeded_runs_are_bit_identical(uninterrupted, tmp_path):
    result = run_python(command(tmp_path / "again"), "tensorflow")
    assert result.returncode == 0, explain(result)
    assert history(tmp_path / "again") == history(uninterrupted)
    again = read_json(tmp_path / "again" / "metrics.json")
    assert (
        again["test_accuracy"]
        == read_json(uninterrupted / "metrics.json")["test_accuracy"]
    )


def test_killed_mid_epoch_resumes_and_loses_nothing(uninterrupted, tmp_path):
    out = tmp_path / "run"
    env = {**os.environ, "KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "3"}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    process = subprocess.Popen(
        [sys.executable, *command(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Wait for the first epoch to finish, then kill during the second.
    assert wait_until(lambda: read_csv(out / "history.csv"), process, 600), (
        "the run ended before it could be killed, or no epoch finished in 10 minutes"
    )
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    killed = read_csv(out / "history.csv")
    assert [row["epoch"] for row in killed] == ["0"]
    assert (out / "backup").is_dir()  # What BackupAndRestore resumes from.

    # Other settings cannot resume this run.
    result = run_python(command(out, "--batch-size", "64"), "tensorflow")
    assert result.returncode == 1, explain(result)
    refusal = result.stderr.strip().splitlines()[-1]
    assert refusal.startswith(f"kzoo train mnist_mlp: error: {out} holds another run")
    assert "batch_size (--batch-size) is 128 there and 64 now" in refusal

    # Mark the killed process's training time, to find it in the total.
    killed[0]["train_seconds"] = 1000.0
    write_csv(out / "history.csv", list(killed[0]), killed)
    result = run_python(command(out), "tensorflow")
    assert result.returncode == 0, explain(result)
    assert f"resuming from epoch 2 of {EPOCHS} ({out})" in result.stdout

    epochs = [int(row["epoch"]) for row in read_csv(out / "history.csv")]
    assert epochs == list(range(EPOCHS))
    batches = [
        (int(r["epoch"]), int(r["batch"])) for r in read_csv(out / "batches.csv")
    ]
    assert len(batches) == len(set(batches))
    steps = max(b for _, b in batches) + 1
    assert sorted(batches) == [(e, b) for e in range(EPOCHS) for b in range(steps)]
    # Deterministic kernels on a CPU, and data that depends on the epoch
    # alone: the resumed run is the uninterrupted one, bit for bit.
    assert history(out) == history(uninterrupted)
    metrics = read_json(out / "metrics.json")
    assert (
        metrics["test_accuracy"]
        == read_json(uninterrupted / "metrics.json")["test_accuracy"]
    )
    # The training time covers the epoch before the kill too.
    seconds = [float(row["train_seconds"]) for row in read_csv(out / "history.csv")]
    assert seconds[0] == 1000.0
    assert seconds == sorted(seconds)
    assert metrics["train_seconds"] == seconds[-1] > 1000.0
    assert metrics["resumed_from_epoch"] == 1


# The child's SIGINT raises KeyboardInterrupt even where its parent was
# started with SIGINT ignored (a background job), as a terminal's Ctrl-C does.
WITH_CTRL_C = (
    "import runpy, signal, sys; "
    "signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv = ['kzoo'] + sys.argv[1:]; "
    "runpy.run_module('kzoo.cli', run_name='__main__')"
)


def start_with_ctrl_c(out, env):
    """`command(out)` in a child process on TensorFlow that Ctrl-C can stop."""
    env = {**env, "KERAS_BACKEND": "tensorflow"}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    return subprocess.Popen(
        [sys.executable, "-c", WITH_CTRL_C, *command(out)[2:]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def loading_tensorflow(process):
    """Waits until `process` maps TensorFlow's library: its import has begun,
    and its seconds of Python modules are still to come."""
    if not Path("/proc/self/maps").exists():  # Not Linux: time alone.
        time.sleep(0.5)
        return
    maps = Path(f"/proc/{process.pid}/maps")

    def mapped():
        with contextlib.suppress(OSError):  # It may end meanwhile.
            return "tensorflow" in maps.read_text()

    assert wait_until(mapped, process, 120), (
        f"the process ended or never loaded TensorFlow: {process.args}"
    )


def test_ctrl_c_while_tensorflow_loads_is_one_line(tmp_path):
    out = tmp_path / "run"
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    process = start_with_ctrl_c(out, env)  # Its start-up log hidden, then.
    # Not a fixed wait: on a busy machine, half a second once fell before
    # the command reached Keras's start ("kzoo train: interrupted").
    loading_tensorflow(process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "interrupted before training began"
    assert not out.exists()


def test_ctrl_c_says_where_in_one_line_and_the_same_command_resumes(tmp_path, capsys):
    out = tmp_path / "run"
    process = start_with_ctrl_c(out, {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    # Once the first epoch is on disk, press Ctrl-C during the second.
    assert wait_until(lambda: read_csv(out / "history.csv"), process, 600), (
        "the run ended before it could be stopped, or no epoch finished in 10 minutes"
    )
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr
    assert "KeyboardInterrupt" not in stderr
    last = stderr.strip().splitlines()[-1]
    # The epoch that was training: BackupAndRestore holds the ones before it.
    stopped = re.fullmatch(
        rf"interrupted at epoch (\d) \(of {EPOCHS}\); run the same command again "
        rf"to resume \({re.escape(str(out))}\)",
        last,
    )
    assert stopped, last
    epoch = int(stopped[1])
    assert epoch >= 2  # The first epoch had finished.
    assert not (out / "metrics.json").exists()

    # kzoo report reads what an interrupted run left.
    done = len(read_csv(out / "history.csv"))
    cli.main(["report", str(out)])
    printed = capsys.readouterr().out
    assert f"not finished: {done} of {EPOCHS} epochs done" in printed
    assert "the same `kzoo train mnist_mlp` command resumes it" in printed
    assert (out / "curves.png").read_bytes()[:4] == b"\x89PNG"

    result = run_python(command(out), "tensorflow")
    assert result.returncode == 0, explain(result)
    assert f"resuming from epoch {epoch} of {EPOCHS} ({out})" in result.stdout
    epochs = [int(row["epoch"]) for row in read_csv(out / "history.csv")]
    assert epochs == list(range(EPOCHS))
    assert read_json(out / "metrics.json")["resumed_from_epoch"] == epoch - 1


def test_a_nan_loss_stops_the_run_with_one_line_and_its_reports(tmp_path, capsys):
    out = tmp_path / "run"
    result = run_python(
        command(out, "--learning-rate", "1e30", subset=2000), "tensorflow"
    )
    assert result.returncode == 1, explain(result)
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("kzoo train mnist_mlp: error: Training stopped: the")
    assert "loss became nan at epoch 0, batch" in last_line
    assert str(out) in last_line

    stopped = read_json(out / "metrics.json")["stopped"]
    # Training stopped at that very batch: it is the last one recorded.
    batches = read_csv(out / "batches.csv")
    assert int(batches[-1]["batch"]) == stopped["batch"]
    assert batches[-1]["loss"] == "nan"
    assert [row["epoch"] for row in read_csv(out / "history.csv")] == ["0"]
    assert (out / "curves.png").read_bytes()[:4] == b"\x89PNG"
    report = read_json(out / "bias_variance.json")
    assert report["verdict"].startswith("training diverged")
    assert "Lower the learning rate" in (out / "bias_variance.md").read_text()
    # The same command again does not train again, and says why.
    again = run_python(
        command(out, "--learning-rate", "1e30", subset=2000), "tensorflow"
    )
    assert again.returncode == 0, explain(again)
    early = "is a finished run of mnist_mlp (it stopped early: the loss became nan"
    assert early in again.stdout
    cli.main(["report", str(out)])
    printed = capsys.readouterr().out
    assert "stopped: the loss became nan at epoch 0" in printed
    assert "training diverged" in printed
