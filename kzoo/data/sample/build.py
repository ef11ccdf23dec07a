"""Builds `mnist_sample.npz` from a full MNIST directory.

Usage: python -m kzoo.data.sample.build DATA_DIR [--out PATH]

Takes the first 800 train and 200 test images of each digit, in file order,
so the sample is stratified and reproducible; compressed it stays under the
2 MB the package allows for it. The file is written only when the build
succeeds, and atomically, so a failed build leaves the old sample in place.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from kzoo.data.idx import IDXError
from kzoo.data.mnist import SAMPLE, load_mnist

PER_CLASS = {"train": 800, "test": 200}
LIMIT_BYTES = 2 * 1024 * 1024
DEFAULT_OUT = Path(__file__).with_name(SAMPLE)


class BuildError(Exception):
    """A source that cannot give the sample, or a sample over the limit."""


def first_per_class(x, y, count):
    keep = np.sort(np.concatenate([np.flatnonzero(y == d)[:count] for d in range(10)]))
    return x[keep], y[keep]


def build(source, out=DEFAULT_OUT):
    """Writes the sample from `source` to `out`; returns its arrays."""
    (x_train, y_train), (x_test, y_test) = load_mnist(source)
    arrays = {}
    for split, x, y in (("train", x_train, y_train), ("test", x_test, y_test)):
        count = PER_CLASS[split]
        found = np.bincount(y, minlength=10)
        if found.min() < count:
            raise BuildError(
                f"{source}: the {split} set has only {found.min()} images of digit "
                f"{found.argmin()}; the sample takes {count} of each. Pass the "
                "full MNIST set."
            )
        arrays[f"x_{split}"], arrays[f"y_{split}"] = first_per_class(x, y, count)
    _write(Path(out), arrays)
    return arrays


def _write(path, arrays):
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".npz"
    )
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez_compressed(file, **arrays)
        size = Path(temporary).stat().st_size
        if size > LIMIT_BYTES:
            raise BuildError(
                f"the sample is {size} bytes, over the {LIMIT_BYTES} limit"
            )
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide package data.
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m kzoo.data.sample.build",
        description="Builds kzoo's bundled MNIST sample from the full set.",
    )
    parser.add_argument(
        "data_dir",
        metavar="DATA_DIR",
        help="the four MNIST IDX files, or an mnist.npz (or a directory with one)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        default=DEFAULT_OUT,
        help=f"where to write the sample (default: kzoo's own {SAMPLE})",
    )
    args = parser.parse_args(argv)
    if not args.out.parent.is_dir():
        parser.error(f"--out: directory {args.out.parent} does not exist")
    try:
        arrays = build(args.data_dir, args.out)
    except (OSError, IDXError, BuildError) as error:
        parser.exit(1, f"{parser.prog}: error: {error}\n")
    print(
        f"wrote {args.out}: {len(arrays['x_train'])} train, "
        f"{len(arrays['x_test'])} test, {args.out.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
