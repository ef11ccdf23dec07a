"""What augmentation costs: pipeline throughput and mnist_cnn epoch overhead.

1. Images/s of the training pipeline (`kzoo.data.make_pipeline`) with no
   augmentation, the standard spec and the full spec (with elastic
   distortion and cutout): the best of `--rounds` epochs, taken in turns.
2. The training time per epoch of `mnist_cnn` with no augmentation, with
   the standard spec in the pipeline, and with it in the model, all in this
   one process; overhead is reported as a ratio against no augmentation.
   Each model is warmed up first so tracing is not timed. The machines here
   are shared and drift by tens of percent over minutes, so the three take
   turns in short bursts of steps (`--rounds` x `--steps`). A burst's
   seconds per step, times the steps of an epoch, is an epoch figure; the
   fastest burst is the least disturbed, so the ratios use it, and the
   median is shown beside it.

Usage: python benchmarks/augmentation.py [--data-dir DIR] [--images N]
       [--rounds R] [--steps S]
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
from report import write_section

import kzoo
from kzoo.data import Augmentation, load_mnist, make_pipeline
from kzoo.training.provenance import loaded_modules

STANDARD = {"rotation": 10, "translation": 0.1, "zoom": 0.1}
FULL = {**STANDARD, "elastic_alpha": 2.0, "elastic_sigma": 4.0, "cutout": 8}
BATCH = 128


def pipeline_epoch(x, y, spec):
    """Returns a function that iterates one more epoch and returns images/s."""
    dataset = make_pipeline(x, y, BATCH, training=True, augment=spec)
    for _ in dataset:  # Warm up: trace the map, fill the cache.
        pass

    def epoch():
        start = time.perf_counter()
        count = sum(int(images.shape[0]) for images, _ in dataset)
        return count / (time.perf_counter() - start)

    return epoch


def trainer(x, y, placement):
    """Returns a function that trains `steps` more steps and returns seconds."""
    spec = (
        None if placement == "none" else Augmentation(**STANDARD, placement=placement)
    )
    keras.utils.set_random_seed(0)
    model = kzoo.create_model("mnist_cnn", normalize=x, augment=spec)
    dataset = make_pipeline(x, y, BATCH, training=True, augment=spec).repeat()
    model.fit(
        dataset, steps_per_epoch=3, epochs=1, verbose=0, shuffle=False
    )  # Warm-up.

    def burst(steps):
        start = time.perf_counter()
        model.fit(dataset, steps_per_epoch=steps, epochs=1, verbose=0, shuffle=False)
        return time.perf_counter() - start

    return burst


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", default=None, help="MNIST source (else KZOO_DATA_DIR)"
    )
    parser.add_argument(
        "--images", type=int, default=60_000, help="training images used"
    )
    parser.add_argument("--rounds", type=int, default=10, help="bursts per placement")
    parser.add_argument("--steps", type=int, default=47, help="steps per burst")
    args = parser.parse_args(argv)
    (x, y), _ = load_mnist(args.data_dir)
    x, y = x[: args.images], y[: args.images]

    specs = {"none": None, "standard": STANDARD, "full": FULL}
    passes = {
        k: pipeline_epoch(x, y, v and Augmentation(**v)) for k, v in specs.items()
    }
    rates = dict.fromkeys(passes, 0.0)
    for _ in range(args.rounds):
        for label, epoch in passes.items():
            rates[label] = max(rates[label], epoch())
    print(f"pipeline images/s: {rates}", file=sys.stderr, flush=True)
    trainers = {p: trainer(x, y, p) for p in ("none", "pipeline", "model")}
    per_step = {placement: [] for placement in trainers}
    for round_index in range(args.rounds):
        for placement, burst in trainers.items():
            per_step[placement].append(burst(args.steps) / args.steps)
            print(
                f"round {round_index + 1} {placement}: "
                f"{per_step[placement][-1] * 1000:.1f} ms/step",
                file=sys.stderr,
                flush=True,
            )
    steps_per_epoch = -(-len(x) // BATCH)
    fastest = {p: min(t) * steps_per_epoch for p, t in per_step.items()}
    median = {p: statistics.median(t) * steps_per_epoch for p, t in per_step.items()}
    body = "\n".join(
        [
            f"Backend: {keras.backend.backend()}; {len(x)} MNIST training images; "
            f"batch {BATCH}. Standard spec: {STANDARD}. Full spec: {FULL}.",
            "",
            f"Training pipeline: the best of {args.rounds} epochs, taken in turns.",
            "",
            "| training pipeline | images/s |",
            "|---|---|",
            *(f"| {k} augmentation | {v:,.0f} |" for k, v in rates.items()),
            "",
            f"Seconds per {steps_per_epoch}-step epoch, from {args.rounds} bursts of "
            f"{args.steps} steps per placement, taken in turns: the fastest burst "
            "(least disturbed by other load) and the median.",
            "",
            "| mnist_cnn epoch, standard spec | fastest (s) | ratio to none "
            "| median (s) | ratio to none |",
            "|---|---|---|---|---|",
            *(
                f"| {p} | {fastest[p]:.1f} | {fastest[p] / fastest['none']:.3f} "
                f"| {median[p]:.1f} | {median[p] / median['none']:.3f} |"
                for p in fastest
            ),
        ]
    )
    print(body)
    write_section("augmentation cost", body, loaded_modules())  # What it ran.


if __name__ == "__main__":
    main()
