"""`python -m kzoo.data.sample.build`: usage, clear failures, and what it writes."""

import hashlib

import numpy as np
import pytest

from kzoo.data import mnist
from kzoo.data.sample import build
from tests import mnist_files
from tests.subprocesses import explain, run_python

BUNDLED = mnist_files.ROOT / "kzoo" / "data" / "sample" / mnist.SAMPLE


def run_build(*args):
    return run_python(["-m", "kzoo.data.sample.build", *args], "jax", timeout=300)


@pytest.fixture
def bundled_sample_untouched():
    """Fails the test if it rewrote the sample bundled with kzoo."""
    before = (BUNDLED.stat().st_mtime_ns, hashlib.sha256(BUNDLED.read_bytes()).digest())
    yield
    after = (BUNDLED.stat().st_mtime_ns, hashlib.sha256(BUNDLED.read_bytes()).digest())
    assert after == before, f"{BUNDLED} was rewritten"


@pytest.mark.usefixtures("bundled_sample_untouched")
def test_no_argument_prints_usage_and_exits_2():
    result = run_build()
    assert result.returncode == 2, explain(result)
    assert "Traceback" not in result.stderr, explain(result)
    assert result.stderr.startswith("usage: "), explain(result)
    assert "DATA_DIR" in result.stderr.splitlines()[0], explain(result)
    assert result.stdout == ""


@pytest.mark.usefixtures("bundled_sample_untouched")
def test_a_bad_directory_fails_clearly_and_writes_nothing(tmp_path):
    out = tmp_path / "sample.npz"
    result = run_build(str(tmp_path / "no-such-dir"), "--out", str(out))
    assert result.returncode == 1, explain(result)
    assert "Traceback" not in result.stderr, explain(result)
    assert "no-such-dir does not exist" in result.stderr, explain(result)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # No temporary file left behind.


@pytest.mark.usefixtures("bundled_sample_untouched")
def test_a_too_small_source_is_refused(tmp_path):
    # A source with fewer than 800 training images of some digit would give
    # a smaller, lopsided sample.
    # The sample's first 5,000 training digits hold fewer than 800 of each.
    (x_train, y_train), (x_test, y_test) = mnist_files.sample()
    np.savez(
        tmp_path / "mnist.npz",
        x_train=x_train[:5000],
        y_train=y_train[:5000],
        x_test=x_test,
        y_test=y_test,
    )
    out = tmp_path / "sample.npz"
    result = run_build(str(tmp_path), "--out", str(out))
    assert result.returncode == 1, explain(result)
    assert "Traceback" not in result.stderr, explain(result)
    assert "the train set has only" in result.stderr, explain(result)
    assert "takes 800 of each" in result.stderr, explain(result)
    assert not out.exists()


@pytest.mark.usefixtures("bundled_sample_untouched")
def test_takes_the_first_digits_of_each_class_in_file_order(tmp_path):
    # A source of 1,600 train and 400 test images of each digit: the bundled
    # sample, then its images again in reverse order. The first 800 and 200
    # of each digit in file order are then the sample itself.
    train, test = mnist_files.sample()
    doubled = [
        tuple(np.concatenate([a, a[::-1]]) for a in pair) for pair in (train, test)
    ]
    source = mnist_files.write_idx_dir(tmp_path / "source", *doubled)
    out = tmp_path / "out" / "sample.npz"
    out.parent.mkdir()
    result = run_build(str(source), "--out", str(out))
    assert result.returncode == 0, explain(result)
    assert 0 < out.stat().st_size <= build.LIMIT_BYTES
    assert out.stat().st_mode & 0o777 == 0o644  # Readable as package data.
    assert [p.name for p in out.parent.iterdir()] == ["sample.npz"]
    with np.load(out) as built, np.load(BUNDLED) as bundled:
        for key in mnist.IDX_FILES:
            np.testing.assert_array_equal(built[key], bundled[key], err_msg=key)


@pytest.mark.mnist
@pytest.mark.usefixtures("bundled_sample_untouched")
def test_builds_the_first_digits_of_each_class(tmp_path, mnist_dir, full_mnist):
    out = tmp_path / "sample.npz"
    result = run_build(str(mnist_dir), "--out", str(out))
    assert result.returncode == 0, explain(result)
    assert 0 < out.stat().st_size <= build.LIMIT_BYTES
    assert out.stat().st_mode & 0o777 == 0o644  # Readable as package data.
    assert [p.name for p in tmp_path.iterdir()] == ["sample.npz"]
    (x_train, y_train), (x_test, y_test) = full_mnist
    with np.load(out) as sample:
        assert np.bincount(sample["y_train"]).tolist() == [800] * 10
        assert np.bincount(sample["y_test"]).tolist() == [200] * 10
        expected = build.first_per_class(x_train, y_train, 800)
        np.testing.assert_array_equal(sample["x_train"], expected[0])
        np.testing.assert_array_equal(sample["y_train"], expected[1])
        expected = build.first_per_class(x_test, y_test, 200)
        np.testing.assert_array_equal(sample["x_test"], expected[0])
        np.testing.assert_array_equal(sample["y_test"], expected[1])
        # And it is what kzoo bundles: the build reproduces the shipped sample.
        with np.load(BUNDLED) as bundled:
            for key in mnist.IDX_FILES:
                np.testing.assert_array_equal(sample[key], bundled[key], err_msg=key)
