"""What `LearningCurves` adds to `fit` wall time on the MNIST MLP (target <= 2%).

Two identical MLPs train on MNIST in this one process, one with a bare
`fit` and one with `LearningCurves` (per-batch records, per-epoch CSV writes
and the final plot). They take turns, one whole `fit` each per round, so the
machine's drift hits both alike. Both the fastest fit (least disturbed by
other load) and the median are compared as ratios.

Usage: python benchmarks/learning_curves_overhead.py [--data-dir DIR]
       [--epochs E] [--rounds R]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
from report import write_section

import kzoo
from kzoo.callbacks import LearningCurves
from kzoo.data import load_mnist

BATCH = 128


def timed_fit(model, x, y, epochs, callbacks):
    start = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, callbacks=callbacks)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", default=None, help="MNIST source (else KZOO_DATA_DIR)"
    )
    parser.add_argument("--epochs", type=int, default=10, help="epochs per timed fit")
    parser.add_argument("--rounds", type=int, default=7, help="timed fits per side")
    args = parser.parse_args(argv)
    (x, y), _ = load_mnist(args.data_dir)

    models = {}
    for side in ("bare", "curves"):
        keras.utils.set_random_seed(0)
        models[side] = kzoo.create_model("mlp", hidden_units=(256, 128), normalize=x)
        models[side].fit(x[: BATCH * 4], y[: BATCH * 4], batch_size=BATCH, verbose=0)
    times = {"bare": [], "curves": []}
    with tempfile.TemporaryDirectory() as log_dir:
        for index in range(args.rounds):
            order = ("bare", "curves") if index % 2 == 0 else ("curves", "bare")
            for side in order:
                callbacks = [LearningCurves(log_dir)] if side == "curves" else []
                times[side].append(
                    timed_fit(models[side], x, y, args.epochs, callbacks)
                )
                print(
                    f"round {index + 1} {side}: {times[side][-1]:.2f} s",
                    file=sys.stderr,
                    flush=True,
                )
        # The fixed cost at the end of each fit: drawing curves.png.
        curves = LearningCurves(log_dir)
        curves.on_train_begin()
        drawing = []
        for _ in range(5):
            start = time.perf_counter()
            curves.plot()
            drawing.append(time.perf_counter() - start)
    fastest = {side: min(t) for side, t in times.items()}
    median = {side: statistics.median(t) for side, t in times.items()}
    body = "\n".join(
        [
            f"Backend: {keras.backend.backend()}; `mlp` (256, 128) on {len(x)} MNIST "
            f"images, batch {BATCH}, {args.epochs} epochs per fit, "
            f"{args.rounds} fits per side, taken in turns. Target: at most 2% added.",
            "",
            "| fit | fastest (s) | ratio to bare | median (s) | ratio to bare |",
            "|---|---|---|---|---|",
            f"| bare | {fastest['bare']:.2f} | 1.000 | {median['bare']:.2f} | 1.000 |",
            f"| with LearningCurves | {fastest['curves']:.2f} | "
            f"{fastest['curves'] / fastest['bare']:.3f} | {median['curves']:.2f} | "
            f"{median['curves'] / median['bare']:.3f} |",
            "",
            f"Of that, drawing `curves.png` at the end of each fit takes "
            f"{statistics.median(drawing):.3f} s (median of 5), a fixed cost; the "
            "rest is the per-batch records and per-epoch CSV writes.",
        ]
    )
    print(body)
    write_section(
        "LearningCurves overhead", body, ("kzoo/callbacks/learning_curves.py",)
    )


if __name__ == "__main__":
    main()
