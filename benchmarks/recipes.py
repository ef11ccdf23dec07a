"""Full-data accuracy of the MNIST recipes over seeds, against their targets.

Runs each named recipe once per seed on the full 60,000/10,000 MNIST set,
through the same `kzoo train` entry point users run, and writes one
BENCHMARKS.md section per recipe: dev and test accuracy per seed and as mean
± standard deviation, training seconds, and the target. Configurations are
chosen on dev accuracy; the test column is the one look at the test set.

Usage: python benchmarks/recipes.py RECIPE [RECIPE ...] [--seeds 0 1 2]
       [--jobs N] [--data-dir DIR] [--out DIR] [-- extra recipe options]

With `--jobs N`, N runs share the machine at once (one process each; on one
GPU too): right for accuracy, while their seconds are then measured under
contention, and the section says so.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from report import FIRST_SECONDS, accelerator, first_seconds, mean_sd, write_section
from staleness import TRAINING, code_of

from kzoo._internal.files import read_json

TARGETS = {
    "mnist_logreg": (0.925, "TF tutorial, about 92%"),
    "mnist_mlp": (0.989, "Keras mnist_mlp example, 98.40%"),
    "mnist_cnn": (0.9972, "1,500 single Keras CNNs average 99.64%"),
    "mnist_speedrun": (0.990, "the keras.io convnet's time to 99%"),
}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser().parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    train(args, extra)


def parser():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("recipes", nargs="+", choices=sorted(TARGETS))
    options.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    options.add_argument("--jobs", type=int, default=1, help="runs at once")
    options.add_argument("--data-dir", help="MNIST source (else KZOO_DATA_DIR)")
    options.add_argument("--out", type=Path, default=Path("runs/benchmarks"))
    return options


def train(args, extra):
    """Runs every recipe and seed, `args.jobs` at a time, in one queue, and
    writes each recipe's section as soon as its seeds are done (so a run cut
    short keeps what it finished)."""
    pending = [(r, seed) for r in args.recipes for seed in args.seeds]
    running, done = [], {}
    # Several JAX processes share one GPU only if none grabs most of its memory.
    env = {**os.environ, "XLA_PYTHON_CLIENT_PREALLOCATE": "false"}
    while pending or running:
        while pending and len(running) < args.jobs:
            recipe, seed = pending.pop(0)
            cmd = command(recipe, seed, args, extra)
            print(f"[{time.strftime('%X')}] {recipe} seed {seed}: {' '.join(cmd)}")
            running.append((recipe, seed, subprocess.Popen(cmd, env=env)))
        recipe, seed, process = running.pop(0)
        if process.wait() != 0:
            raise SystemExit(f"{recipe} seed {seed} failed ({process.returncode})")
        done[recipe, seed] = read_json(run_dir(recipe, seed, args) / "metrics.json")
        figures = summary(done[recipe, seed])
        print(f"[{time.strftime('%X')}] {recipe} seed {seed}: {figures}")
        if all((recipe, s) in done for s in args.seeds):
            runs = [done[recipe, s] for s in args.seeds]
            write_section(
                section_name(recipe, extra),
                body(recipe, runs, args),
                code_of(runs, (*TRAINING, f"recipes/{recipe}.py")),
            )


def command(recipe, seed, args, extra):
    cmd = [sys.executable, "-m", "kzoo.cli", "train", recipe, "--seed", str(seed)]
    out = str(run_dir(recipe, seed, args))
    # --restart: a finished run in `out` would otherwise be reported as is.
    cmd += ["--out", out, "--verbose", "0", "--restart", *extra]
    return cmd + (["--data-dir", args.data_dir] if args.data_dir else [])


def run_dir(recipe, seed, args):
    return args.out / recipe / f"seed{seed}"


def summary(metrics):
    return (
        f"dev {metrics['dev_accuracy']:.2%}, test {metrics['test_accuracy']:.2%}, "
        f"{metrics['train_seconds']:.2f} s of training"
    )


def body(recipe, runs, args):
    target, anchor = TARGETS[recipe]
    mean_test = statistics.mean(m["test_accuracy"] for m in runs)
    status = (
        "reached" if mean_test >= target else f"not reached ({mean_test - target:+.2%})"
    )
    first = runs[0]
    rows = [
        f"| {seed} | {m['dev_accuracy']:.2%} | {m['test_accuracy']:.2%} | "
        f"{m['epochs']} | {m['train_seconds']:.2f} | {first_seconds(m):.2f} |"
        for seed, m in zip(args.seeds, runs, strict=True)
    ]
    column = {k: [m[k] for m in runs] for k in first if isinstance(first[k], float)}
    rows.append(
        f"| mean ± sd | {mean_sd(column['dev_accuracy'], 100)}% | "
        f"{mean_sd(column['test_accuracy'], 100)}% | | "
        f"{mean_sd(column['train_seconds'])} | "
        f"{mean_sd([first_seconds(m) for m in runs])} |"
    )
    shared = (
        f" {args.jobs} runs shared the machine at once, so the seconds are "
        "measured under contention."
        if args.jobs > 1 and len(args.seeds) > 1
        else ""
    )
    return "\n".join(
        [
            f"Recipe `{recipe}`, seeds {', '.join(map(str, args.seeds))}: trained on "
            f"{first['train_examples']:,} images, chosen on {first['dev_examples']:,} "
            f"dev images, tested once on {first['test_examples']:,} test images; "
            f"data from {first['data_source']}; backend {first['backend']}.{shared}",
            "",
            "| seed | dev accuracy | test accuracy | epochs | train s | first s |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            f"Target: mean test accuracy >= {target:.2%} ({status}); anchor: {anchor}.",
            f"Train s: the training steps alone; {FIRST_SECONDS}",
        ]
    )


def section_name(recipe, extra):
    name = f"recipe {recipe}" + (f" ({' '.join(extra)})" if extra else "")
    device = accelerator()
    return name + (f" on {device}" if device else "")


if __name__ == "__main__":
    main()
