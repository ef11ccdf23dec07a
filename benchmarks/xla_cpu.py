"""XLA or not on the CPU: a training step's cost with and without
`jit_compile` on the TensorFlow backend (issue 15).

Keras compiles a TensorFlow model with XLA whenever every layer supports it
(`jit_compile="auto"`). On a CPU, XLA's own kernels then replace TensorFlow's
oneDNN ones. Each of kzoo's recipe models trains the same batches on both
sides, in turns (A, B, B, A, ...), after a first epoch that traces and
compiles; the median epoch gives the cost of a step. Optionally a side
computes in bfloat16 (Keras's `mixed_bfloat16`), which oneDNN runs on AMX
where the CPU has it.

Usage: python benchmarks/xla_cpu.py [--models mnist_speedrun_cnn mlp]
       [--rounds 5] [--steps 60] [--bfloat16]
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
import numpy as np
from report import write_section

import kzoo
import kzoo.recipes
from kzoo.training import get_recipe
from kzoo.training.provenance import loaded_modules

RECIPES = ("mnist_logreg", "mnist_mlp", "mnist_cnn", "mnist_speedrun")


def main(argv=None):
    args = parser().parse_args(argv)
    if keras.backend.backend() != "tensorflow":
        raise SystemExit("Run with KERAS_BACKEND=tensorflow: XLA is a choice there.")
    sides = {"XLA": (True, "float32"), "no XLA": (False, "float32")}
    if args.bfloat16:
        sides["no XLA, bfloat16"] = (False, "mixed_bfloat16")
    rows = [measure(recipe, sides, args) for recipe in args.recipes]
    body = report(rows, sides, args)
    print(body)
    write_section("XLA on the CPU", body, loaded_modules())


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipes", nargs="+", default=list(RECIPES), choices=RECIPES)
    p.add_argument("--rounds", type=int, default=5, help="epochs timed per side")
    p.add_argument("--steps", type=int, default=60, help="steps an epoch")
    p.add_argument("--bfloat16", action="store_true", help="add a bfloat16 side")
    return p


def measure(recipe_name, sides, args):
    """Median seconds a step for each side, on `recipe_name`'s model and batch."""
    recipe = get_recipe(recipe_name)
    rng = np.random.default_rng(0)
    images = recipe.batch_size * args.steps
    x = rng.random((images, 28, 28), dtype="float32")
    y = rng.integers(0, 10, images)
    models = {name: build(recipe, x, y, *side) for name, side in sides.items()}
    times = {name: [] for name in sides}
    for index in range(args.rounds):
        order = list(sides) if index % 2 == 0 else list(reversed(sides))
        for name in order:
            start = time.perf_counter()
            models[name].fit(
                x, y, batch_size=recipe.batch_size, epochs=1, verbose=0, shuffle=False
            )
            times[name].append((time.perf_counter() - start) / args.steps)
            print(
                f"{recipe_name} {name}: {times[name][-1] * 1e3:.2f} ms", file=sys.stderr
            )
    return recipe, {name: statistics.median(t) for name, t in times.items()}, times


def build(recipe, x, y, jit_compile, policy):
    keras.config.set_dtype_policy(policy)
    try:
        keras.utils.set_random_seed(0)
        model = kzoo.models.create_model(recipe.model, **recipe.model_args)
    finally:
        keras.config.set_dtype_policy("float32")
    model.compile(
        optimizer=model.optimizer,
        loss=model.loss,
        metrics=["accuracy"],
        jit_compile=jit_compile,
    )
    model.fit(x, y, batch_size=recipe.batch_size, epochs=1, verbose=0)  # Compiles.
    return model


def report(rows, sides, args):
    names = list(sides)
    head = "| recipe's model | batch | " + " | ".join(f"{n} (ms a step)" for n in names)
    head += " | " + " | ".join(f"{n} / XLA" for n in names[1:]) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(names) - 1)]
    for recipe, median, times in rows:
        cells = [f"{median[n] * 1e3:.2f}" for n in names]
        ratios = [ratio(times[n], times["XLA"]) for n in names[1:]]
        lines.append(
            f"| {recipe.name} (`{recipe.model}`) | {recipe.batch_size} | "
            + " | ".join(cells + ratios)
            + " |"
        )
    return (
        f"Backend tensorflow; random 28x28 images, {args.steps} steps an epoch at "
        f"each recipe's batch size; {args.rounds} epochs per side in turns after a "
        "first that compiles; the median epoch's seconds a step. Ratios: the mean "
        "± sd of the rounds' ratios (each round's two sides ran back to back).\n\n"
        + "\n".join(lines)
    )


def ratio(side, base):
    ratios = [a / b for a, b in zip(side, base, strict=True)]
    return f"{statistics.mean(ratios):.2f} ± {statistics.stdev(ratios):.2f}x"


if __name__ == "__main__":
    main()
