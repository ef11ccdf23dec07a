"""`kzoo tune`: KerasTuner's chief and workers as real processes, every trial a
kzoo run, ranked on dev accuracy, the winner alone tested."""

import json
import os
import re
import shutil
import signal
import subprocess

import pytest

from kzoo import cli
from kzoo._internal.files import read_csv
from kzoo.training.run_directory import RunDirectory
from tests.subprocesses import wait_until

RUN_FILES = ("history.csv", "batches.csv", "curves.png", "bias_variance.json")


def kzoo_tune(out, *options, recipe="mnist_mlp"):
    kzoo = shutil.which("kzoo") or pytest.fail("the kzoo console script is not on PATH")
    small = ["--subset", "600", "--epochs", "1", "--verbose", "0", "--out", str(out)]
    space = ["--space", "batch_size=64"]
    if recipe == "mnist_mlp":
        space += ["hidden_layers=1", "units=8:32"]
    result = subprocess.run(
        [kzoo, "tune", recipe, *small, *space, *options],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result.stdout


def test_a_parallel_search_runs_a_chief_and_two_workers(tmp_path):
    out = tmp_path / "search"
    # Trials in their workers (--in-process), to keep the suite short: the
    # killed-worker test below runs each trial in a process of its own.
    printed = kzoo_tune(out, "--trials", "6", "--parallel", "2", "--in-process")
    started = re.search(
        r"chief on 127\.0\.0\.1:(\d+) \(pid (\d+)\); workers: tuner0 \(pid (\d+)\), "
        r"tuner1 \(pid (\d+)\)",
        printed,
    )
    assert started, printed
    assert len(set(started.groups()[1:])) == 3  # Three processes.
    # Each worker saves its state when it ends a trial; which one takes how
    # many depends on their start-up, so only the total is fixed.
    state = out / "keras_tuner"
    assert any((state / f"tuner{i}.json").is_file() for i in (0, 1))
    processes = json.loads((out / "logs" / "processes.json").read_text())
    assert set(processes) == {"chief", "tuner0", "tuner1"}
    assert all(p["exit"] == 0 and p["peak_rss_mb"] > 0 for p in processes.values())
    memory = [read_csv(path) for path in (out / "logs").glob("memory-tuner*.csv")]
    assert sum(len(rows) for rows in memory) == 6  # One row a trial.
    rows = read_csv(out / "leaderboard.csv")
    assert [row["rank"] for row in rows] == ["1", "2", "3", "4", "5", "6"]
    assert {row["status"] for row in rows} == {"COMPLETED"}
    accuracies = [float(row["dev_accuracy"]) for row in rows]
    assert accuracies == sorted(accuracies, reverse=True)
    for row in rows:
        assert 8 <= int(row["units"]) <= 32
        assert 0.9 <= float(row["beta_1"]) < 1  # 1 - one_minus_beta_1.
        run = out / "trials" / row["trial"]
        assert all((run / name).is_file() for name in RUN_FILES), run
        metrics = json.loads((run / "metrics.json").read_text())
        assert "test_accuracy" not in metrics  # Trials leave the test set alone.
    best = json.loads((out / "best" / "metrics.json").read_text())
    assert best["trial"] == rows[0]["trial"]
    assert 0 < best["test_accuracy"] <= 1
    assert (out / "best" / "model.keras").is_file()
    assert f"best: trial {rows[0]['trial']}, dev accuracy" in printed
    # Progress while the workers train: one line a finished trial.
    done = re.findall(
        r"^trial (\S+) done: dev accuracy [\d.]+% \((\d) of 6 finished\)$",
        printed,
        re.M,
    )
    assert sorted(t for t, _ in done) == sorted(row["trial"] for row in rows)
    assert [int(n) for _, n in done] == [1, 2, 3, 4, 5, 6]
    for grid in ("trials.png", "dev_error.png"):
        assert (out / grid).read_bytes()[:4] == b"\x89PNG"


def test_a_rerun_repeats_no_finished_trial(tmp_path):
    # With the trials in the search's own process (--in-process); the other
    # tests run each in a child process.
    out = tmp_path / "search"
    printed = kzoo_tune(out, "--trials", "2", "--in-process", recipe="mnist_logreg")
    # KerasTuner says it reloads only where the search does: on the rerun.
    assert "Reloading Tuner" not in printed
    first = {row["trial"]: row for row in read_csv(out / "leaderboard.csv")}
    done = {t: out / "trials" / t / "metrics.json" for t in first}
    stamps = {t: path.stat().st_mtime_ns for t, path in done.items()}
    printed = kzoo_tune(out, "--trials", "3", "--in-process", recipe="mnist_logreg")
    assert printed.count("Reloading Tuner") == 1
    rows = {row["trial"]: row for row in read_csv(out / "leaderboard.csv")}
    assert len(rows) == 3
    for trial, stamp in stamps.items():  # Not trained again.
        assert (out / "trials" / trial / "metrics.json").stat().st_mtime_ns == stamp
        assert rows[trial]["dev_accuracy"] == first[trial]["dev_accuracy"]
    # Other settings would rank trials of two searches in one leaderboard.
    other = ["--subset", "600", "--epochs", "2", "--out", str(out), "--trials", "4"]
    other += ["--space", "batch_size=64", "--in-process"]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["tune", "mnist_logreg", *other])
    text = str(exit_info.value.code)
    assert text.startswith(f"kzoo tune mnist_logreg: error: {out} holds another search")
    assert "epochs (--epochs) is 1 there and 2 now" in text
    assert len(read_csv(out / "leaderboard.csv")) == 3  # Nothing trained.


def test_a_worker_killed_mid_trial_loses_nothing_and_a_rerun_completes(tmp_path):
    # KerasTuner gives a returning worker its unfinished trial back, and the
    # trial's kzoo run resumes from its last finished epoch.
    out = tmp_path / "search"
    kzoo = shutil.which("kzoo") or pytest.fail("the kzoo console script is not on PATH")
    # Three trials: tuner0's, killed, and two that tuner1 finishes meanwhile.
    options = ["--trials", "3", "--parallel", "2", "--epochs", "6", "--subset", "3000"]
    options += ["--space", "batch_size=32", "hidden_layers=1", "units=32"]
    command = [kzoo, "tune", "mnist_mlp", *options, "--out", str(out), "--verbose", "0"]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    with open(tmp_path / "first.txt", "w") as printed:
        first = subprocess.Popen(
            command, stdout=printed, stderr=subprocess.STDOUT, env=env
        )
        # tuner0 mid-trial: an epoch of its trial done, and more to come.
        training = wait_until(
            lambda: 1 <= _done(out, _trial_of(out, "tuner0")) < 6, first, 240
        )
        assert training, (tmp_path / "first.txt").read_text()[-2000:]
        pid = re.search(r"tuner0 \(pid (\d+)\)", (tmp_path / "first.txt").read_text())
        os.kill(int(pid.group(1)), signal.SIGKILL)
        assert first.wait(timeout=300) == 1
    text = (tmp_path / "first.txt").read_text()
    assert "search processes failed: {'tuner0': -9}" in text
    assert "The same command resumes the search" in text
    trial = _trial_of(out, "tuner0")
    assert _unfinished(out) == {trial: _done(out, trial)}  # tuner1 finished the rest.
    # The epochs its backup holds; 0 if the kill came after fit, which removes
    # the backup, and before metrics.json: then the trial trains again.
    epochs_done = RunDirectory(out / "trials" / trial).resumed_epoch()
    finished = {
        t: (out / "trials" / t / "metrics.json").stat().st_mtime_ns
        for t in _trials(out)
        if t != trial
    }

    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    rows = read_csv(out / "leaderboard.csv")
    assert sorted(row["trial"] for row in rows) == sorted(_trials(out))
    assert len(rows) == 3
    assert {row["status"] for row in rows} == {"COMPLETED"}
    for other, stamp in finished.items():  # Not one trained twice.
        assert (out / "trials" / other / "metrics.json").stat().st_mtime_ns == stamp
    logs = " ".join(p.read_text() for p in (out / "logs").glob("tuner*.log"))
    resumed = f"resuming from epoch {epochs_done + 1} of 6 ({out / 'trials' / trial})"
    assert (resumed in logs) == (epochs_done > 0), logs[-2000:]


def _trials(out):
    return sorted(p.name for p in (out / "trials").iterdir())


def _trial_of(out, worker):
    """The trial `worker` took last, from the line it logs for each."""
    log = out / "logs" / f"{worker}.log"
    found = re.findall(r"^trial (\S+):", log.read_text() if log.is_file() else "", re.M)
    return found[-1] if found else None


def _done(out, trial):
    """The epochs trial `trial` has finished (0 if none, or no trial)."""
    path = out / "trials" / str(trial) / "history.csv"
    return len(read_csv(path)) if trial is not None and path.is_file() else 0


def _unfinished(out):
    """`{trial: epochs done}` of trials with an epoch done but no metrics.json."""
    found = {}
    for run in (out / "trials").glob("*"):
        path = run / "history.csv"
        history = read_csv(path) if path.is_file() else []
        if history and not (run / "metrics.json").is_file():
            found[run.name] = len(history)
    return found


def test_the_backends_start_up_log_stays_hidden(tmp_path):
    # KerasTuner imports Keras: loaded before the quiet start, it let
    # TensorFlow's C++ log through. A search whose trial finds no data has
    # started Keras, KerasTuner and a trial process by the time it ends.
    kzoo = shutil.which("kzoo") or pytest.fail("the kzoo console script is not on PATH")
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    options = ["--trials", "1", "--data-dir", str(tmp_path / "none")]
    result = subprocess.run(
        [kzoo, "tune", "mnist_logreg", *options, "--out", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        check=False,
        env={**env, "KERAS_BACKEND": "tensorflow"},
        timeout=600,
    )
    printed = result.stdout + result.stderr
    assert result.returncode == 1, printed[-3000:]
    assert "none does not exist" in printed
    assert not re.search(r"^[IWEF]\d{4} ", printed, re.M), printed[-3000:]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--trials", "0"], "argument --trials: must be a positive integer"),
        (["--parallel", "-1"], "argument --parallel: must be a positive integer"),
        (["--chief", "foo"], "argument --chief: must be HOST:PORT"),
        (["--chief", "h:70000"], "argument --chief: must be HOST:PORT"),
        (
            ["--chief", "127.0.0.1:1", "--parallel", "2"],
            "`parallel` is for the machine",
        ),
        (
            ["--oracle", "hyperband", "--trials", "3"],
            "`trials` is not for --oracle hyperband",
        ),
        (
            ["--space", "learning_rate=1:0.1"],
            "`space` is refused: .*high.*learning_rate=1:0.1",
        ),
        (["--chief", "127.0.0.1:1"], "no chief answers at --chief 127.0.0.1:1"),
        (
            ["--parallel", "2", "--listen", "999.1.1.1"],
            "`listen` must be an address of this machine",
        ),
    ],
)
def test_bad_search_options_are_one_line(tmp_path, capsys, options, message):
    argv = ["tune", "mnist_logreg", "--out", str(tmp_path / "s"), *options]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    text = str(exit_info.value.code) + capsys.readouterr().err
    assert re.search(message, text), text
    assert not (tmp_path / "s" / "trials").exists()  # Nothing trained.
    if "--space" in options:  # A bad space is not recorded as the search's.
        assert not (tmp_path / "s" / "search.json").exists()
