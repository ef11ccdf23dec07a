"""Full-data accuracy of the MNIST recipes against their targets.

Runs each named recipe on the full 60,000/10,000 MNIST set (through the same
`kzoo train` entry point users run) and writes one BENCHMARKS.md section per
recipe: test accuracy on all 10,000 test images, the target and the anchor it
beats, epochs and training seconds.

Usage: python benchmarks/recipes.py RECIPE [RECIPE ...] [--data-dir DIR]
       [--out DIR] [-- extra recipe options]
"""

import argparse
import sys
from pathlib import Path

from report import accelerator, write_section

from kzoo import cli
from kzoo._internal.files import read_json

TARGETS = {
    "mnist_logreg": (0.925, "TF tutorial, about 92%"),
    "mnist_mlp": (0.988, "Keras mnist_mlp example, 98.40%"),
    "mnist_cnn": (0.996, "keras.io simple convnet 99.22%; LeNet-5 99.05%"),
    "mnist_speedrun": (0.990, "99.0% within 30 s of training on 2 CPU cores"),
}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recipes", nargs="+", choices=sorted(TARGETS))
    parser.add_argument(
        "--data-dir", default=None, help="MNIST source (else KZOO_DATA_DIR)"
    )
    parser.add_argument("--out", type=Path, default=Path("runs/benchmarks"))
    args = parser.parse_args(argv)
    for recipe in args.recipes:
        out = args.out / recipe
        # --restart: a finished run in `out` would otherwise be reported as is.
        options = ["--out", str(out), "--verbose", "2", "--restart", *extra]
        if args.data_dir:
            options += ["--data-dir", args.data_dir]
        cli.main(["train", recipe, *options])
        metrics = read_json(out / "metrics.json")
        verdict = read_json(out / "bias_variance.json")["verdict"]
        target, anchor = TARGETS[recipe]
        accuracy = metrics["test_accuracy"]
        status = (
            "reached"
            if accuracy >= target
            else f"not reached: {accuracy - target:+.2%}"
        )
        body = "\n".join(
            [
                f"Recipe `{recipe}` on {metrics['train_examples']} training images "
                f"(the rest of the 60,000 are dev and train-dev), tested on all "
                f"{metrics['test_examples']:,} test images; data from "
                f"{metrics['data_source']}; kzoo commit "
                f"{(metrics.get('git_commit') or 'unknown')[:10]}.",
                "",
                "| test accuracy | target | anchor | epochs | train s | "
                "first step s | fit s | backend |",
                "|---|---|---|---|---|---|---|---|",
                f"| {accuracy:.2%} | >= {target:.1%} ({status}) | {anchor} | "
                f"{metrics['epochs']} | {metrics['train_seconds']:.1f} | "
                f"{metrics['first_step_seconds']:.1f} | "
                f"{metrics['fit_seconds']:.1f} | {metrics['backend']} |",
                "",
                "Train s: the training steps alone; first step: the first, "
                "with tracing and compilation; fit s: all of `fit`, with "
                "validation and monitoring (kzoo.callbacks.TrainingTimer).",
                "",
                f"Bias/variance verdict at the end: {verdict}.",
            ]
        )
        device = accelerator()
        name = f"recipe {recipe}" + (f" ({' '.join(extra)})" if extra else "")
        write_section(name + (f" on {device}" if device else ""), body)


if __name__ == "__main__":
    main()
