"""Reads the local MNIST IDX files for tests (no network here).

Tests that need real digits read the directory in KZOO_DATA_DIR, else
../shared/data/mnist beside the checkout; a missing directory is a failure,
not a skip.
"""

import gzip
import os
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "x_train": ("train-images-idx3-ubyte.gz", 16, (-1, 28, 28)),
    "y_train": ("train-labels-idx1-ubyte.gz", 8, (-1,)),
    "x_test": ("t10k-images-idx3-ubyte.gz", 16, (-1, 28, 28)),
    "y_test": ("t10k-labels-idx1-ubyte.gz", 8, (-1,)),
}


def data_dir():
    directory = Path(os.environ.get("KZOO_DATA_DIR", ROOT.parent / "shared/data/mnist"))
    if not directory.is_dir():
        raise FileNotFoundError(
            f"MNIST directory {directory} not found; set KZOO_DATA_DIR to a "
            "directory holding the four IDX .gz files."
        )
    return directory


def load_mnist():
    """Returns `(x_train, y_train), (x_test, y_test)` like keras.datasets."""
    arrays = {}
    for key, (name, header, shape) in FILES.items():
        with gzip.open(data_dir() / name) as file:
            arrays[key] = np.frombuffer(file.read(), np.uint8, offset=header).reshape(
                shape
            )
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
