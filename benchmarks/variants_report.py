"""Writes the BENCHMARKS.md section of mnist_speedrun variants run elsewhere.

`benchmarks/device_run.sh variants` runs the speedrun recipe with other
batch sizes, epochs and learning rates on a device machine and leaves one
metrics line per run in variants.jsonl; this script turns that file, once
back here, into a table. The machine named in the section is the one the
runs came from, given as --machine.

Usage: python benchmarks/variants_report.py VARIANTS_JSONL --machine TEXT
"""

import argparse
import json

import report
from staleness import TRAINING

GOAL_SECONDS, TARGET = 0.5, 0.99


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants")
    parser.add_argument("--machine", required=True, help="where the runs ran")
    args = parser.parse_args(argv)
    with open(args.variants) as lines:
        runs = [json.loads(line) for line in lines if line.strip()]
    rows = [
        f"| `{run['options']}` | {run['test_accuracy']:.2%} | "
        f"{run['train_seconds']:.3f} | {run['first_step_seconds']:.2f} | "
        f"{_verdict(run)} |"
        for run in runs
    ]
    body = "\n".join(
        [
            f"Runs of `kzoo train mnist_speedrun OPTIONS` on {args.machine}, backend "
            f"{runs[0]['backend']}, each tested on all 10,000 test images. Goal: "
            f"{TARGET:.0%} in <= {GOAL_SECONDS} s of training after compilation.",
            "",
            "| options | test accuracy | train s | first step s (compile) | goal |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    report.machine = lambda: args.machine  # The section names where they ran.
    report.write_section(
        f"speedrun variants on {args.machine.split(' on ')[0]}",
        body,
        (*TRAINING, "recipes/mnist_speedrun.py"),
    )


def _verdict(run):
    fast = run["train_seconds"] <= GOAL_SECONDS
    accurate = run["test_accuracy"] >= TARGET
    if fast and accurate:
        return "reached"
    return ", ".join(
        part
        for part, missed in (("below 99%", not accurate), ("over 0.5 s", not fast))
        if missed
    )


if __name__ == "__main__":
    main()
