"""Peak memory of `kzoo train mnist_mlp` against a plain Keras script that
trains the same model on the same data (target: at most 1.0x).

Each side is a fresh process, and its peak resident memory is the kernel's
count for that process alone (`os.wait4`'s ru_maxrss). The plain script is
what a Keras user would write without kzoo: the MNIST IDX files read with
NumPy, the recipe's dev split held out, a tf.data pipeline with Keras's own
random rotation, translation and zoom layers, the recipe's MLP (1024-1024,
ReLU, dropout 0.2, L2 1e-6, input normalisation) and Adam at the recipe's
batch size and epochs, and a test evaluation. The sides take turns, in
forward then backward order, and the figure is the mean ± sd of the
per-round ratios.

Usage: python benchmarks/memory.py [--rounds 4] [--epochs 2] [--data-dir DIR]
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from report import mean_sd, write_section
from staleness import TRAINING, code_of

from kzoo._internal.files import read_json

PLAIN = """
import gzip, sys
from pathlib import Path
import numpy as np
import keras
import tensorflow as tf

root, epochs = Path(sys.argv[1]), int(sys.argv[2])

def idx(name, offset):
    with gzip.open(root / name) as file:
        return np.frombuffer(file.read(), np.uint8, offset=offset)

x = idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28).astype("float32")
y = idx("train-labels-idx1-ubyte.gz", 8).astype("int64")
x_test = idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 28, 28).astype("float32")
y_test = idx("t10k-labels-idx1-ubyte.gz", 8).astype("int64")
keras.utils.set_random_seed(0)
order = np.random.default_rng(0).permutation(len(x))
dev, train = order[:3000], order[3000:]
augment = keras.Sequential([
    keras.layers.Reshape((28, 28, 1)),
    keras.layers.RandomRotation(8 / 360),
    keras.layers.RandomTranslation(0.08, 0.08),
    keras.layers.RandomZoom(0.08),
    keras.layers.Reshape((28, 28)),
])
data = (
    tf.data.Dataset.from_tensor_slices((x[train], y[train]))
    .shuffle(len(train))
    .batch(128, drop_remainder=True)
    .map(lambda a, b: (augment(a, training=True), b))
    .prefetch(tf.data.AUTOTUNE)
)
normalize = keras.layers.Normalization()
normalize.adapt(x[train].reshape(-1, 784))
l2 = keras.regularizers.L2(1e-6)
model = keras.Sequential([
    keras.Input((28, 28)),
    keras.layers.Flatten(),
    normalize,
    keras.layers.Dense(1024, "relu", kernel_regularizer=l2),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(1024, "relu", kernel_regularizer=l2),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(10, "softmax"),
])
model.compile(
    optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
)
model.fit(data, epochs=epochs, validation_data=(x[dev], y[dev]), verbose=0)
print(model.evaluate(x_test, y_test, verbose=0))
"""


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=4)
    options.add_argument("--epochs", type=int, default=2)
    options.add_argument("--data-dir", default=os.environ.get("KZOO_DATA_DIR"))
    args = options.parse_args(argv)
    if not args.data_dir:
        raise SystemExit("memory.py: give --data-dir or set KZOO_DATA_DIR")
    peaks = {"kzoo": [], "plain": []}
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(args.rounds):
            for side in ("kzoo", "plain") if index % 2 == 0 else ("plain", "kzoo"):
                peaks[side].append(peak_mib(command(side, args, Path(scratch))))
                print(f"round {index + 1} {side}: {peaks[side][-1]:.0f} MiB")
        run = read_json(Path(scratch) / "kzoo" / "metrics.json")
    body = summary(peaks, args)
    print(body)
    code = code_of([run], (*TRAINING, "recipes/mnist_mlp.py"))
    write_section("peak memory", body, code)


def command(side, args, scratch):
    if side == "plain":
        return [sys.executable, "-c", PLAIN, args.data_dir, str(args.epochs)]
    return [
        *[sys.executable, "-m", "kzoo.cli", "train", "mnist_mlp"],
        *["--epochs", str(args.epochs), "--data-dir", args.data_dir],
        *["--out", str(scratch / "kzoo"), "--restart", "--verbose", "0"],
    ]


def peak_mib(cmd):
    """Runs `cmd`; its own peak resident memory in MiB (not its children's)."""
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed ({process.returncode})")
    return usage.ru_maxrss / 1024  # KiB on Linux.


def summary(peaks, args):
    ratios = [k / p for k, p in zip(peaks["kzoo"], peaks["plain"], strict=True)]
    listed = {
        side: ", ".join(f"{v:.0f}" for v in values) for side, values in peaks.items()
    }
    return "\n".join(
        [
            f"`kzoo train mnist_mlp --epochs {args.epochs}` (the recipe: tf.data "
            "augmentation, learning curves, bias/variance report, backups, a "
            "saved model, the test) against the plain Keras script in "
            "`benchmarks/memory.py` (the same model, data, split, augmentation, "
            f"batch and epochs), {args.rounds} rounds in alternating order; "
            "peak resident memory of each process (ru_maxrss).",
            "",
            "| side | peak MiB per round |",
            "|---|---|",
            f"| kzoo | {listed['kzoo']} |",
            f"| plain Keras | {listed['plain']} |",
            "",
            f"kzoo / plain: {mean_sd(ratios, digits=3)} (mean ± sd "
            "of per-round ratios). Target: at most 1.0.",
        ]
    )


if __name__ == "__main__":
    main()
