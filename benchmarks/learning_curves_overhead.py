"""What `LearningCurves` adds to `fit` wall time on the MNIST MLP (target <= 2%).

Two identical MLPs train on MNIST in this one process, one with a bare
`fit` and one with `LearningCurves` (per-batch records, per-epoch CSV writes
and the final plot). They take turns, one whole `fit` each per round, in
alternating order, so the machine's drift hits both alike; the figure is
the mean and standard deviation of the per-round ratios. Whole-fit ratios
are noisy on a shared machine, so the callback's own hooks are also timed
directly (a clock around each call), as a share of the fit they ran in.

Usage: python benchmarks/learning_curves_overhead.py [--data-dir DIR]
       [--epochs E] [--rounds R]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
from report import mean_sd, write_section

import kzoo
from kzoo.callbacks import LearningCurves
from kzoo.data import load_mnist
from kzoo.training.provenance import loaded_modules

BATCH = 128
HOOKS = (
    "on_train_begin",
    "on_epoch_begin",
    "on_train_batch_end",
    "on_epoch_end",
    "on_train_end",
)


class TimedLearningCurves(LearningCurves):
    """`LearningCurves` with a clock around each of its hooks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hook_seconds = dict.fromkeys(HOOKS, 0.0)
        for name in HOOKS:
            setattr(self, name, self._timed(name, getattr(self, name)))

    def _timed(self, name, hook):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return hook(*args, **kwargs)
            finally:
                self.hook_seconds[name] += time.perf_counter() - start

        return timed


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
    times, shares, drawing = {"bare": [], "curves": []}, [], []
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(args.rounds):
            order = ("bare", "curves") if index % 2 == 0 else ("curves", "bare")
            for side in order:
                # A fresh folder each fit, as a new run has: in a used one the
                # callback reads the last fit's records back first (a resume).
                curves = (
                    TimedLearningCurves(Path(scratch) / f"fit{index}")
                    if side == "curves"
                    else None
                )
                callbacks = [curves] if curves else []
                seconds = timed_fit(models[side], x, y, args.epochs, callbacks)
                times[side].append(seconds)
                if curves:
                    # on_train_end draws curves.png: a fixed cost, apart.
                    end = curves.hook_seconds.pop("on_train_end")
                    shares.append(sum(curves.hook_seconds.values()) / seconds)
                    drawing.append(end / seconds)
                print(
                    f"round {index + 1} {side}: {seconds:.2f} s",
                    file=sys.stderr,
                    flush=True,
                )
    ratios = [c / b for b, c in zip(times["bare"], times["curves"], strict=True)]
    body = "\n".join(
        [
            f"Backend: {keras.backend.backend()}; `mlp` (256, 128) on {len(x)} MNIST "
            f"images, batch {BATCH}, {args.epochs} epochs per fit, "
            f"{args.rounds} rounds of one fit per side, in alternating order. "
            "Target: at most 2% added.",
            "",
            "| fit | seconds per fit | with LearningCurves / bare |",
            "|---|---|---|",
            f"| bare | {_listed(times['bare'])} | |",
            f"| with LearningCurves | {_listed(times['curves'])} | "
            f"{mean_sd(ratios, digits=3)} (per-round ratios) |",
            "",
            "The callback's own hooks, timed directly, as shares of each fit's "
            f"time (mean ± sd over its fits): {mean_sd(shares, 100)}% in the "
            "per-batch and per-epoch hooks (records, CSV writes), and "
            f"{mean_sd(drawing, 100)}% drawing `curves.png` at the end of the "
            "fit, a fixed cost whatever the fit's length.",
        ]
    )
    print(body)
    # The kzoo files this process loaded: the callback and what it calls.
    write_section("LearningCurves overhead", body, loaded_modules())


def _listed(values):
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
