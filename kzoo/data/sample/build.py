"""Builds `mnist_sample.npz` from a full MNIST directory.

Usage: python -m kzoo.data.sample.build DATA_DIR

Takes the first 800 train and 200 test images of each digit, in file order,
so the sample is stratified and reproducible; compressed it stays under the
2 MB the package allows for it.
"""

import sys
from pathlib import Path

import numpy as np

from kzoo.data.mnist import SAMPLE, load_mnist

PER_CLASS = {"train": 800, "test": 200}
LIMIT_BYTES = 2 * 1024 * 1024


def first_per_class(x, y, count):
    keep = np.sort(np.concatenate([np.flatnonzero(y == d)[:count] for d in range(10)]))
    return x[keep], y[keep]


def main(argv):
    (x_train, y_train), (x_test, y_test) = load_mnist(argv[0])
    x_train, y_train = first_per_class(x_train, y_train, PER_CLASS["train"])
    x_test, y_test = first_per_class(x_test, y_test, PER_CLASS["test"])
    path = Path(__file__).with_name(SAMPLE)
    np.savez_compressed(
        path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test
    )
    size = path.stat().st_size
    print(f"wrote {path}: {len(x_train)} train, {len(x_test)} test, {size} bytes")
    if size > LIMIT_BYTES:
        raise SystemExit(f"{path} is {size} bytes, over the {LIMIT_BYTES} limit")


if __name__ == "__main__":
    main(sys.argv[1:])
