"""In-model augmentation overhead on an accelerator, JAX backend, no TensorFlow.

The GPU machines have JAX but no TensorFlow, so there is no tf.data: the
model trains on NumPy arrays and augmentation runs as the model's first
layer (`placement="model"`). Two `mnist_cnn` models, with and without the
standard augmentation, are compiled first (timed separately), then take turns
training whole epochs; the median epoch times give the overhead as a ratio.
Goal: at most 10% on the GPU.

Usage: KERAS_BACKEND=jax python benchmarks/augmentation_gpu.py
       [--data-dir DIR] [--rounds R] [--batch-size B] [--out FILE]

With `--out`, the section is also written to FILE (for machines whose copy
of the repository does not come back).
"""

import argparse
import statistics
import sys
import time

import keras
from report import accelerator, machine, write_section

import kzoo
from kzoo.data import Augmentation, load_mnist

STANDARD = {"rotation": 10, "translation": 0.1, "zoom": 0.1}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", default=None, help="MNIST source (else KZOO_DATA_DIR)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="epochs timed per side")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--images", type=int, default=60_000)
    parser.add_argument("--out", default=None, help="also write the section here")
    args = parser.parse_args(argv)
    (x, y), _ = load_mnist(args.data_dir)
    x, y = x[: args.images], y[: args.images]

    models, compile_seconds = {}, {}
    for side in ("none", "model"):
        spec = Augmentation(**STANDARD, placement="model") if side == "model" else None
        keras.utils.set_random_seed(0)
        models[side] = kzoo.create_model("mnist_cnn", normalize=x, augment=spec)
        start = time.perf_counter()  # First steps: tracing and XLA compilation.
        models[side].fit(
            x[: args.batch_size * 2],
            y[: args.batch_size * 2],
            batch_size=args.batch_size,
            epochs=1,
            verbose=0,
        )
        compile_seconds[side] = time.perf_counter() - start
    times = {side: [] for side in models}
    for index in range(args.rounds):
        for side, model in models.items():
            start = time.perf_counter()
            model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0)
            times[side].append(time.perf_counter() - start)
            print(
                f"round {index + 1} {side}: {times[side][-1]:.2f} s",
                file=sys.stderr,
                flush=True,
            )
    median = {side: statistics.median(t) for side, t in times.items()}
    device = accelerator() or "the CPU"
    rows = []
    for side, label in (
        ("none", "no augmentation"),
        ("model", "in-model augmentation"),
    ):
        ratio = median[side] / median["none"]
        seconds = f"{compile_seconds[side]:.2f} | {median[side]:.3f}"
        rows.append(f"| {label} | {seconds} | {ratio:.3f} |")
    body = "\n".join(
        [
            f"Backend: {keras.backend.backend()} on {device}; {len(x)} MNIST images "
            f"from NumPy arrays, batch {args.batch_size}; median of {args.rounds} "
            f"epochs per side, in turns. Spec: {STANDARD}. Goal: at most 10% overhead.",
            "",
            "| mnist_cnn epoch | compile (s) | epoch (s) | ratio to none |",
            "|---|---|---|---|",
            *rows,
        ]
    )
    print(body)
    if args.out:
        with open(args.out, "w") as file:
            file.write(f"Machine: {machine()}\n\n{body}\n")
    write_section(f"augmentation cost on {device}", body, ("kzoo/augmentation",))


if __name__ == "__main__":
    main()
