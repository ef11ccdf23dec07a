"""Time to 99% MNIST test accuracy: kzoo's mnist_speedrun against plain Keras.

One run trains both sides on the full data, each timed by
`kzoo.callbacks.TrainingTimer` (steps alone: the first step, which traces
and compiles, is reported apart, and so are validation and monitoring):

- `mnist_speedrun`, through `kzoo train` as users run it; its time to 99% is
  its whole training time, if the final test accuracy reaches 99%.
- the anchor, the keras.io "Simple MNIST convnet" trained as published
  (inputs scaled to [0, 1], batch 128, Adam, 10% validation split), with
  the test accuracy measured after each epoch (outside the timed steps);
  its time to 99% is the training time up to the first epoch at 99%.

The ratio kzoo / anchor is the figure; below 1 is faster.

Usage: python benchmarks/speedrun.py [--data-dir DIR] [--out DIR]
       [--anchor-epochs N] [-- extra mnist_speedrun options]
"""

import argparse
import sys
from pathlib import Path

import keras
from report import accelerator, write_section
from staleness import TRAINING

import kzoo
from kzoo import cli
from kzoo._internal.files import read_json, write_json
from kzoo.callbacks import TrainingTimer
from kzoo.data import load_mnist

TARGET = 0.99


class TestAccuracy(keras.callbacks.Callback):
    """Test accuracy after each epoch (after TrainingTimer stopped its clock);
    stops training once it reaches `TARGET`."""

    def __init__(self, x, y):
        super().__init__()
        self.x, self.y, self.accuracy = x, y, []

    def on_epoch_end(self, epoch, logs=None):
        result = self.model.evaluate(self.x, self.y, batch_size=1024, verbose=0)
        self.accuracy.append(float(result[1]))
        self.model.stop_training = self.accuracy[-1] >= TARGET
        print(f"anchor epoch {epoch + 1}: test accuracy {self.accuracy[-1]:.4f}")


def anchor(data_dir, max_epochs):
    """Trains simple_convnet as published until 99% test accuracy."""
    (x, y), (x_test, y_test) = load_mnist(data_dir)
    x, x_test = x.astype("float32") / 255, x_test.astype("float32") / 255
    keras.utils.set_random_seed(0)
    model = kzoo.create_model("simple_convnet")

    timer, tester = TrainingTimer(), TestAccuracy(x_test, y_test)
    seconds = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seconds.append(logs["train_seconds"])
    )
    model.fit(
        x,
        y,
        batch_size=128,
        epochs=max_epochs,
        validation_split=0.1,
        callbacks=[timer, tester, record],
        verbose=0,
    )
    reached = next((i for i, a in enumerate(tester.accuracy) if a >= TARGET), None)
    return {
        "epochs": len(tester.accuracy),
        "accuracy": tester.accuracy,
        "train_seconds": seconds,
        "first_step_seconds": timer.first_step_seconds,
        "epoch_at_target": None if reached is None else reached + 1,
        "seconds_to_target": None if reached is None else seconds[reached],
    }


def speedrun(data_dir, out, extra):
    # --restart: a finished run in `out` would otherwise be reported as is.
    options = ["--out", str(out), "--verbose", "2", "--restart", *extra]
    if data_dir:
        options += ["--data-dir", data_dir]
    cli.main(["train", "mnist_speedrun", *options])
    return read_json(out / "metrics.json")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None, help="MNIST (else KZOO_DATA_DIR)")
    parser.add_argument("--out", type=Path, default=Path("runs/benchmarks"))
    parser.add_argument("--anchor-epochs", type=int, default=15)
    args = parser.parse_args(argv)

    kzoo_run = speedrun(args.data_dir, args.out / "mnist_speedrun", extra)
    plain = anchor(args.data_dir, args.anchor_epochs)
    write_json(args.out / "speedrun.json", {"kzoo": kzoo_run, "anchor": plain})
    write_section(
        _section_name(),
        _body(kzoo_run, plain),
        (*TRAINING, "recipes/mnist_speedrun.py"),
    )


def _section_name():
    device = accelerator()
    return f"speedrun on {device}" if device else "speedrun"


def _body(kzoo_run, plain):
    accuracy, seconds = kzoo_run["test_accuracy"], kzoo_run["train_seconds"]
    kzoo_time = seconds if accuracy >= TARGET else None
    anchor_time = plain["seconds_to_target"]
    ratio = (
        f"{kzoo_time / anchor_time:.3f}"
        if kzoo_time is not None and anchor_time
        else "n/a (a side missed 99%)"
    )
    per_epoch = plain["train_seconds"][-1] / plain["epochs"]
    anchor_reached = (
        f"epoch {plain['epoch_at_target']}"
        if plain["epoch_at_target"]
        else f"not within {plain['epochs']} epochs"
    )
    best = max(plain["accuracy"])
    return "\n".join(
        [
            f"Backend {kzoo_run['backend']}; full MNIST, tested on all 10,000 test "
            "images. Seconds are training steps alone (TrainingTimer); the first "
            "step, with tracing and compilation, is apart.",
            "",
            "| model | test accuracy | epochs | train s | first step s | "
            "time to 99% (s) |",
            "|---|---|---|---|---|---|",
            f"| kzoo mnist_speedrun | {accuracy:.2%} | {kzoo_run['epochs']} | "
            f"{seconds:.2f} | {kzoo_run['first_step_seconds']:.2f} | "
            f"{_seconds(kzoo_time)} |",
            f"| keras.io simple convnet | {best:.2%} (best) | {plain['epochs']} | "
            f"{plain['train_seconds'][-1]:.2f} ({per_epoch:.2f}/epoch) | "
            f"{plain['first_step_seconds']:.2f} | {_seconds(anchor_time)} "
            f"({anchor_reached}) |",
            "",
            f"Time-to-99% ratio, kzoo / simple convnet: {ratio}. Speedrun fit "
            f"with validation and monitoring: {kzoo_run['fit_seconds']:.2f} s.",
        ]
    )


def _seconds(value):
    return "not reached" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    main()
