"""MNIST for tests: the full set for tests marked `mnist`, and IDX directories
made in a test from kzoo's bundled sample for the default run.

The default run is a fresh machine's, with no data directory. Tests marked
`mnist` read the four IDX files from the directory in KZOO_DATA_DIR
(`KZOO_DATA_DIR=DIR pytest -m mnist`); without it they fail, not skip. They
get it through the `mnist_dir` and `full_mnist` fixtures (tests/conftest.py),
which also fail a test that asks for the full set without the marker.
"""

import functools
import gzip
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from kzoo.data import mnist

ROOT = Path(__file__).resolve().parent.parent


def data_dir():
    """The full MNIST directory in KZOO_DATA_DIR; fails the test without it."""
    value = os.environ.get("KZOO_DATA_DIR")
    if not value or not Path(value).is_dir():
        found = f"{value} is not a directory" if value else "is not set"
        pytest.fail(
            f"tests marked mnist need the full MNIST set, and KZOO_DATA_DIR "
            f"{found}: run them as KZOO_DATA_DIR=DIR pytest -m mnist, DIR "
            "holding the four MNIST IDX .gz files.",
            pytrace=False,
        )
    return Path(value)


@functools.cache
def load_full(directory):
    """`(x_train, y_train), (x_test, y_test)` from the IDX files in `directory`."""
    arrays = {
        key: read(Path(directory) / f"{name}.gz")
        for key, name in mnist.IDX_FILES.items()
    }
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def read(path):
    """One gzipped IDX file, read here rather than by the code under test."""
    data = gzip.decompress(path.read_bytes())
    ndim = data[3]
    shape = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(shape)


def sample():
    """The bundled sample, `(x_train, y_train), (x_test, y_test)`."""
    arrays = mnist.read_sample()
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def write_idx_dir(directory, train, test):
    """Writes `train` and `test` as the four gzipped MNIST IDX files."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {"x_train": train[0], "y_train": train[1]}
    arrays.update(x_test=test[0], y_test=test[1])
    for key, name in mnist.IDX_FILES.items():
        array = np.asarray(arrays[key], np.uint8)
        header = bytes([0, 0, 0x08, array.ndim])
        header += struct.pack(f">{array.ndim}I", *array.shape)
        (directory / f"{name}.gz").write_bytes(gzip.compress(header + array.tobytes()))
    return directory
