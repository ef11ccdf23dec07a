"""`kzoo train --distribute data-parallel`: the recipe's run over two
devices, or over two processes coordinated by `jax.distributed`, is the
one-device run; only process 0 writes; a killed process stops the other at
once and the run resumes; a batch the replicas cannot share is refused
before anything is written.

The comparisons' runs start in the background as soon as pytest has
collected this module (`start`, called by tests/conftest.py): a minute of
child processes that overlaps the rest of the suite.
"""

import atexit
import csv
import json
import shutil
import socket
import tempfile
import time
from pathlib import Path

import pytest

from kzoo import distribution
from tests.subprocesses import ROOT, Background, explain

RUNS = pytest.StashKey()
TWO_DEVICES = str(ROOT / "tests" / "distribution" / "two_devices.py")
TRAIN = ["-m", "kzoo.cli", "train", "mnist_logreg", "--verbose", "0"]
SPREAD = ["--distribute", "data-parallel"]
ENGINES = {"jax": "DataParallel", "tensorflow": "MirroredStrategy"}


def start():
    """Every comparison's runs, started now; `{name: (Background, out)}`."""
    root = Path(tempfile.mkdtemp(prefix="kzoo-distributed-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    runs = {}
    for backend in ENGINES:
        # --distribute on one device: a plain run, with no engine.
        runs[f"one-{backend}"] = _train(SPREAD, root / f"one-{backend}", backend)
        two = [TWO_DEVICES, *TRAIN[:-2]]
        runs[f"two-{backend}"] = _train(SPREAD, root / f"two-{backend}", backend, two)
    # Process 1 gets a directory of its own, as on another machine's disk:
    # it must stay empty.
    port = free_port()
    for index, name in enumerate(["chief", "process1"]):
        runs[name] = _train(_joined(port, index), root / name, "jax")
    return runs


def _train(options, out, backend, head=None):
    args = [*(head or TRAIN[:-2]), "--verbose", "0", "--epochs", "2"]
    return Background([*args, *options, "--out", str(out)], backend), out


def _joined(port, index):
    return [
        *["--coordinator", f"127.0.0.1:{port}", "--num-processes", "2"],
        *["--process-id", str(index)],
    ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def runs(request):
    """The finished runs: `{name: (CompletedProcess, out)}`."""
    started = request.config.stash.get(RUNS, None) or start()
    return {
        name: (run.result(timeout=900), out) for name, (run, out) in started.items()
    }


def losses(out):
    with (out / "history.csv").open() as file:
        rows = list(csv.DictReader(file))
    return [(float(r["loss"]), float(r["val_loss"])) for r in rows]


def assert_same_curves(one, two):
    # Same seed, same global batches: only the summation order differs
    # (gaps seen: ~1e-7 of the loss).
    for (a, va), (b, vb) in zip(losses(one), losses(two), strict=True):
        assert b == pytest.approx(a, rel=1e-4)
        assert vb == pytest.approx(va, rel=1e-4)


def finished(runs, name):
    result, out = runs[name]
    assert result.returncode == 0, explain(result)
    return result, out


@pytest.mark.parametrize("backend", list(ENGINES))
def test_two_devices_train_the_one_device_run(runs, backend):
    _, one = finished(runs, f"one-{backend}")
    _, two = finished(runs, f"two-{backend}")
    metrics = json.loads((two / "metrics.json").read_text())
    assert (metrics["replicas"], metrics["processes"]) == (2, 1)
    assert ENGINES[backend] in metrics["distribution"]
    assert_same_curves(one, two)


@pytest.mark.parametrize("backend", list(ENGINES))
def test_on_one_device_data_parallel_is_a_plain_run(runs, backend):
    result, one = finished(runs, f"one-{backend}")
    metrics = json.loads((one / "metrics.json").read_text())
    assert (metrics["replicas"], metrics["processes"]) == (1, 1)
    assert metrics["distribution"] == distribution.ONE_DEVICE
    assert "one device, so a plain run" in result.stdout


def test_two_processes_train_the_one_process_run_and_only_the_chief_writes(runs):
    _, one = finished(runs, "one-jax")
    _, chief = finished(runs, "chief")
    other, elsewhere = finished(runs, "process1")
    metrics = json.loads((chief / "metrics.json").read_text())
    assert (metrics["replicas"], metrics["processes"]) == (2, 2)
    assert list(elsewhere.iterdir()) == []
    assert "run directory:" not in other.stdout
    assert_same_curves(one, chief)


def test_a_killed_process_stops_the_other_at_once_and_the_run_resumes(tmp_path):
    run, port = tmp_path / "run", free_port()
    chief, other = (_twelve_epochs(port, i, run) for i in (0, 1))
    deadline = time.monotonic() + 300
    while not (run / "history.csv").exists() and time.monotonic() < deadline:
        time.sleep(0.2)  # Until the first epoch is done: training has begun.
    other.kill()
    killed = time.monotonic()
    other.result(timeout=10)  # Reaped, its output files closed.
    result = chief.result(timeout=120)
    waited = time.monotonic() - killed
    assert result.returncode != 0, explain(result)
    assert waited < 30, f"the survivor took {waited:.0f} s to stop"
    assert "error: process 0 of 2 stopped" in result.stderr, explain(result)
    assert "run every process's command again" in result.stderr
    # The same two commands again: the run resumes where it stopped.
    port = free_port()
    again = [_twelve_epochs(port, i, run) for i in (0, 1)]
    first, _ = (process.result(timeout=600) for process in again)
    assert first.returncode == 0, explain(first)
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["resumed_from_epoch"] > 0
    assert len(losses(run)) == 12  # Every epoch once.


def _twelve_epochs(port, index, out):
    return _train([*_joined(port, index), "--epochs", "12"], out, "jax")[0]


def test_a_global_batch_the_replicas_cannot_share_is_refused(tmp_path):
    out = tmp_path / "run"
    args = [TWO_DEVICES, *TRAIN, *SPREAD, "--batch-size", "33", "--out", str(out)]
    result = Background(args, "jax").result(timeout=300)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("kzoo train mnist_logreg: error: Argument `batch_size`")
    assert "multiple of the 2 replicas" in last
    assert "batch_size=33" in last
    assert not (out / "config.json").exists()  # Refused before any file.
