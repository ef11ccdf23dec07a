"""load_mnist: the full local set, the source order, and the bundled sample.

The default run reads directories made here from the bundled sample; the
tests of the full set itself are marked `mnist`.
"""

import gzip
import struct
import warnings

import numpy as np
import pytest

from kzoo.data import IDXError, load_mnist, mnist
from tests import mnist_files


@pytest.fixture(scope="module")
def sample():
    return mnist_files.sample()


@pytest.mark.mnist
def test_full_set_has_the_original_sizes_and_labels(monkeypatch, mnist_dir, full_mnist):
    monkeypatch.setenv("KZOO_DATA_DIR", str(mnist_dir))
    (x_train, y_train), (x_test, y_test), source = load_mnist(with_source=True)
    assert source == str(mnist_dir)
    # kzoo's checked IDX reader agrees with the tests' own plain one.
    loaded = (x_train, y_train, x_test, y_test)
    for got, expected in zip(loaded, (*full_mnist[0], *full_mnist[1]), strict=True):
        np.testing.assert_array_equal(got, expected)
    assert x_train.shape == (60_000, 28, 28)
    assert x_test.shape == (10_000, 28, 28)
    assert x_train.dtype == np.uint8
    assert y_train.dtype == np.uint8
    # The original label files: known first labels and class counts.
    np.testing.assert_array_equal(y_train[:8], [5, 0, 4, 1, 9, 2, 1, 3])
    np.testing.assert_array_equal(y_test[:8], [7, 2, 1, 0, 4, 1, 4, 9])
    assert np.bincount(y_train).tolist()[:3] == [5923, 6742, 5958]
    assert np.bincount(y_test).tolist()[:3] == [980, 1135, 1032]
    assert 30 < x_train.mean() < 36  # Real digits: mostly black background.


def test_environment_variable_is_used(monkeypatch, tmp_path, sample):
    directory = mnist_files.write_idx_dir(tmp_path / "mnist", *sample)
    monkeypatch.setenv("KZOO_DATA_DIR", str(directory))
    (x_train, y_train), (x_test, y_test), source = load_mnist(with_source=True)
    assert source == str(directory)
    np.testing.assert_array_equal(x_train, sample[0][0])
    np.testing.assert_array_equal(y_train, sample[0][1])
    np.testing.assert_array_equal(x_test, sample[1][0])
    np.testing.assert_array_equal(y_test, sample[1][1])


def test_npz_sources(tmp_path, sample):
    (x_train, y_train), (x_test, y_test) = sample
    np.savez(
        tmp_path / "mnist.npz",
        x_train=x_train[:50],
        y_train=y_train[:50],
        x_test=x_test[:20],
        y_test=y_test[:20],
    )
    for source in (tmp_path, tmp_path / "mnist.npz"):
        (x, _), (xt, _) = load_mnist(source)
        assert x.shape == (50, 28, 28)
        assert xt.shape == (20, 28, 28)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("missing", r"t10k-labels-idx1-ubyte\.gz: no such file"),
        ("truncated", r"t10k-labels-idx1-ubyte\.gz.*(truncated|corrupt)"),
        ("garbage", r"t10k-labels-idx1-ubyte\.gz.*corrupt gzip"),
        ("wrong_count", r"test has 2000 images but labels of shape \(1999,\)"),
        ("bad_label", r"labels must be digits 0-9"),
    ],
)
def test_damaged_directories_fail_clearly(tmp_path, sample, damage, message):
    # An MNIST directory of the sample's 8,000 train and 2,000 test digits.
    mnist_files.write_idx_dir(tmp_path, *sample)
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    labels = gzip.decompress(path.read_bytes())
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(gzip.compress(labels[:-100]))
    elif damage == "garbage":
        path.write_bytes(b"\x1f\x8b" + b"\x00" * 64)
    elif damage == "wrong_count":
        # A label file one label short, its header counting what is there.
        path.write_bytes(
            gzip.compress(labels[:4] + struct.pack(">I", 1999) + labels[8:-1])
        )
    else:
        path.write_bytes(gzip.compress(labels[:-1] + b"\x0c"))
    with pytest.raises((IDXError, FileNotFoundError), match=message):
        load_mnist(tmp_path)


def test_explicit_missing_source_is_an_error_not_a_fallback(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_mnist(tmp_path / "nowhere")


def test_bundled_sample_is_the_last_resort(monkeypatch, tmp_path):
    monkeypatch.delenv("KZOO_DATA_DIR", raising=False)
    monkeypatch.setattr(mnist, "KERAS_CACHE", tmp_path / "absent.npz")
    monkeypatch.setattr(mnist, "_from_tfds", lambda: None)  # As when offline.
    with pytest.warns(UserWarning, match=r"bundled SAMPLE of 8000 train and 2000 test"):
        (_x_train, y_train), (x_test, y_test), source = load_mnist(with_source=True)
    assert source == "kzoo's bundled sample"
    assert np.bincount(y_train).tolist() == [800] * 10
    assert np.bincount(y_test).tolist() == [200] * 10
    assert x_test.dtype == np.uint8
    assert x_test.shape == (2000, 28, 28)


@pytest.mark.mnist
def test_bundled_sample_holds_real_digits(full_mnist, sample):
    # Every sample image is one of the full set's, with its label.
    (x_full, y_full), (x_full_test, y_full_test) = full_mnist
    (x_train, y_train), (x_test, y_test) = sample
    first_seven = np.flatnonzero(y_full_test == 7)[0]
    np.testing.assert_array_equal(x_test[y_test == 7][0], x_full_test[first_seven])
    first_three = np.flatnonzero(y_full == 3)[0]
    np.testing.assert_array_equal(x_train[y_train == 3][0], x_full[first_three])


def test_bundled_sample_stays_small():
    from importlib import resources

    size = (resources.files("kzoo.data.sample") / mnist.SAMPLE).stat().st_size
    assert size <= 2 * 1024 * 1024
    assert (resources.files("kzoo.data.sample") / "LICENSE-MNIST.md").is_file()


def test_keras_cache_comes_before_the_sample(monkeypatch, tmp_path, sample):
    (x_train, y_train), (x_test, y_test) = sample
    cache = tmp_path / "mnist.npz"
    np.savez(
        cache,
        x_train=x_train[:5],
        y_train=y_train[:5],
        x_test=x_test[:5],
        y_test=y_test[:5],
    )
    monkeypatch.delenv("KZOO_DATA_DIR", raising=False)
    monkeypatch.setattr(mnist, "KERAS_CACHE", cache)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # No sample warning.
        _, _, source = load_mnist(with_source=True)
    assert source == str(cache)
