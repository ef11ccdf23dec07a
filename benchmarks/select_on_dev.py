"""A recipe's variants compared on dev data, and only the winner tested.

Each variant (a set of `kzoo train` options) trains once per seed with
`--skip-test`, so no run looks at the test set; the variant with the best
mean dev accuracy is chosen, and its models, as saved, are then evaluated on
the test set: the one look. One BENCHMARKS.md section holds every variant's
dev accuracy and the winner's test accuracy.

Usage: python select_on_dev.py RECIPE --variant NAME "OPTIONS" [--variant ...]
       [--seeds 0 1 2] [--jobs N] [--data-dir DIR] [--out DIR]
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
from recipes import TARGETS


def main(argv=None):
    args = parser().parse_args(argv)
    variants = dict(args.variant)
    runs = train_all(args, variants)
    dev = {
        name: [runs[name, s]["dev_accuracy"] for s in args.seeds] for name in variants
    }
    chosen, rule = choose(args, variants, runs, dev)
    print(f"chosen on dev ({rule}): {chosen} ({variants[chosen]})")
    tested = [test_once(run_dir(args, chosen, s), args.data_dir) for s in args.seeds]
    write_section(
        f"selection {args.recipe}"
        + (f" ({args.label})" if args.label else "")
        + (f" on {accelerator()}" if accelerator() else ""),
        body(args, variants, runs, chosen, tested, rule),
        code_of(list(runs.values()), (*TRAINING, f"recipes/{args.recipe}.py")),
    )


def choose(args, variants, runs, dev):
    """The best mean dev accuracy; with `--fastest-above A`, the fastest
    variant (mean training seconds) whose mean dev accuracy is >= A."""
    best = max(variants, key=lambda name: statistics.mean(dev[name]))
    if args.fastest_above is None:
        return best, "best mean dev accuracy"
    able = [n for n in variants if statistics.mean(dev[n]) >= args.fastest_above]
    if not able:
        return best, f"none reached {args.fastest_above:.2%} on dev: the best"

    def seconds(name):
        return statistics.mean(runs[name, s]["train_seconds"] for s in args.seeds)

    rule = f"the fastest with mean dev accuracy >= {args.fastest_above:.2%}"
    return min(able, key=seconds), rule


def parser():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("recipe", choices=sorted(TARGETS))
    options.add_argument(
        "--variant",
        nargs=2,
        action="append",
        required=True,
        metavar=("NAME", "OPTIONS"),
    )
    options.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    options.add_argument(
        "--fastest-above",
        type=float,
        help="choose the fastest variant whose mean dev accuracy reaches this",
    )
    options.add_argument("--jobs", type=int, default=1, help="runs at once")
    options.add_argument("--label", help="names the section beside the recipe")
    options.add_argument("--data-dir", help="MNIST source (else KZOO_DATA_DIR)")
    options.add_argument("--out", type=Path, default=Path("runs/selection"))
    return options


def run_dir(args, variant, seed):
    return args.out / variant / f"seed{seed}"


def train_all(args, variants):
    """Every variant and seed, `args.jobs` at once; their metrics.json."""
    # Seed by seed, every variant in turn: a machine that slows down through
    # the run then costs every variant alike.
    pending = [(name, seed) for seed in args.seeds for name in variants]
    running, done = [], {}
    # Several JAX processes share one GPU only if none grabs most of its memory.
    env = {**os.environ, "XLA_PYTHON_CLIENT_PREALLOCATE": "false"}
    while pending or running:
        while pending and len(running) < args.jobs:
            name, seed = pending.pop(0)
            cmd = [sys.executable, "-m", "kzoo.cli", "train", args.recipe]
            cmd += ["--seed", str(seed), "--out", str(run_dir(args, name, seed))]
            cmd += ["--verbose", "0", "--restart", "--skip-test"]
            cmd += variants[name].split()
            cmd += ["--data-dir", args.data_dir] if args.data_dir else []
            print(f"[{time.strftime('%X')}] {name} seed {seed}: {' '.join(cmd)}")
            running.append((name, seed, subprocess.Popen(cmd, env=env)))
        name, seed, process = running.pop(0)
        if process.wait() != 0:
            raise SystemExit(f"{name} seed {seed} failed ({process.returncode})")
        done[name, seed] = read_json(run_dir(args, name, seed) / "metrics.json")
        print(
            f"[{time.strftime('%X')}] {name} seed {seed}: dev "
            f"{done[name, seed]['dev_accuracy']:.2%}"
        )
    return done


def test_once(directory, data_dir):
    """The saved model of one run, evaluated on the test set."""
    import kzoo
    from kzoo.data import load_mnist

    _, (x_test, y_test) = load_mnist(data_dir)
    model = kzoo.load_model(directory / "model.keras")
    _loss, accuracy = model.evaluate(x_test, y_test, batch_size=1024, verbose=0)[:2]
    return {"test_accuracy": float(accuracy), "test_examples": len(y_test)}


def body(args, variants, runs, chosen, tested, rule):
    target, anchor = TARGETS[args.recipe]
    first = runs[chosen, args.seeds[0]]
    rows = []
    for name, options in variants.items():
        metrics = [runs[name, s] for s in args.seeds]
        dev = mean_sd([m["dev_accuracy"] for m in metrics], 100)
        seconds = mean_sd([m["train_seconds"] for m in metrics])
        first_step = mean_sd([first_seconds(m) for m in metrics])
        test = "not looked at"
        if name == chosen:
            test = mean_sd([t["test_accuracy"] for t in tested], 100) + "%"
            test += " (" + ", ".join(f"{t['test_accuracy']:.2%}" for t in tested) + ")"
        rows.append(
            f"| {name} | `{options or '(recipe)'}` | {dev}% | {test} | {seconds} "
            f"| {first_step} |"
        )
    mean_test = statistics.mean(t["test_accuracy"] for t in tested)
    status = (
        "reached" if mean_test >= target else f"not reached ({mean_test - target:+.2%})"
    )
    return "\n".join(
        [
            f"Recipe `{args.recipe}`, seeds {', '.join(map(str, args.seeds))}, each "
            f"variant trained with `--skip-test` on {first['train_examples']:,} images "
            f"and compared on {first['dev_examples']:,} dev images (mean over seeds); "
            f"only the chosen variant's saved models were then evaluated on the "
            f"{tested[0]['test_examples']:,} test images. Data from "
            f"{first['data_source']}; backend {first['backend']}; "
            + (
                f"{args.jobs} runs at once, so the seconds are measured under "
                "contention."
                if args.jobs > 1
                else "one run at a time."
            ),
            "",
            "| variant | options | dev accuracy | test accuracy | train s | first s |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            f"Chosen on dev ({rule}): {chosen}. Target: mean test accuracy "
            f">= {target:.2%} ({status}); anchor: {anchor}. Train s: the "
            f"training steps alone; {FIRST_SECONDS}",
        ]
    )


if __name__ == "__main__":
    main()
