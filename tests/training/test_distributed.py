"""`kzoo train --distribute data-parallel`: the recipe's run over two
devices is the one-device run, and a batch the replicas cannot share is
refused before anything is written."""

import csv
import json

import pytest

from tests.subprocesses import ROOT, explain, run_python

TWO_DEVICES = str(ROOT / "tests" / "distribution" / "two_devices.py")
TRAIN = ["-m", "kzoo.cli", "train", "mnist_logreg", "--epochs", "2", "--verbose", "0"]
SPREAD = ["--distribute", "data-parallel"]


def losses(run):
    with (run / "history.csv").open() as file:
        rows = list(csv.DictReader(file))
    return [(float(r["loss"]), float(r["val_loss"])) for r in rows]


@pytest.mark.parametrize("backend", ["jax", "tensorflow"])
def test_two_devices_train_the_one_device_run(tmp_path, backend):
    one = run_python([*TRAIN, "--out", str(tmp_path / "one")], backend)
    assert one.returncode == 0, explain(one)
    two = run_python(
        [
            TWO_DEVICES,
            *TRAIN,
            "--distribute",
            "data-parallel",
            "--out",
            str(tmp_path / "two"),
        ],
        backend,
    )
    assert two.returncode == 0, explain(two)
    metrics = json.loads((tmp_path / "two" / "metrics.json").read_text())
    assert metrics["replicas"] == 2
    assert metrics["processes"] == 1
    engine = {"jax": "DataParallel", "tensorflow": "MirroredStrategy"}[backend]
    assert engine in metrics["distribution"]
    assert json.loads((tmp_path / "one" / "metrics.json").read_text())["replicas"] == 1
    # Same seed, same global batches: only the summation order differs
    # (gaps seen: ~1e-7 of the loss).
    for (a, va), (b, vb) in zip(
        losses(tmp_path / "one"), losses(tmp_path / "two"), strict=True
    ):
        assert b == pytest.approx(a, rel=1e-4)
        assert vb == pytest.approx(va, rel=1e-4)


def test_a_global_batch_the_replicas_cannot_share_is_refused(tmp_path):
    out = tmp_path / "run"
    result = run_python(
        [
            TWO_DEVICES,
            *TRAIN,
            "--distribute",
            "data-parallel",
            "--batch-size",
            "33",
            "--out",
            str(out),
        ],
        "jax",
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("kzoo train mnist_logreg: error: Argument `batch_size`")
    assert "multiple of the 2 replicas" in last
    assert "batch_size=33" in last
    assert not (out / "config.json").exists()  # Refused before any file.
