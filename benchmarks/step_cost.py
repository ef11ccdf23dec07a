"""Where a training step's time goes, on the JAX backend (issue 15).

The speedrun's steps cost about 1.3-1.8 ms each on an H200 whatever the
batch, so the way to a faster run depends on what that time is: Keras's
per-step work on the host (callbacks, logs, the batch's copy to the device)
or the device's own kernels. One `mnist_speedrun_cnn` per side trains whole
epochs in turns (after a first epoch that compiles), and the median epoch
gives the cost of a step:

- `fit`: `model.fit` on NumPy arrays, as `kzoo train` feeds it on JAX;
- `fit spe=K`: the same, compiled with `steps_per_execution=K`, so that
  callbacks and logs run once every K steps;
- `fit resident`: `fit` on arrays already on the device (no copy a step);
- `fit resident spe=K`: both;
- `scan`: the floor: one jitted `jax.lax.scan` over the epoch's batches,
  which are gathered on the device; no Python between steps at all.

Every side uses the same model, optimizer (Adam, a constant rate), batch and
data, so the differences are the loop's.

Usage: KERAS_BACKEND=jax python benchmarks/step_cost.py [--batch-size 256]
       [--rounds 5] [--spe 8] [--images 60000] [--data-dir DIR]
"""

import argparse
import math
import statistics
import sys
import time

import jax
import keras
from report import accelerator, write_section

import kzoo
from kzoo.data import load_mnist

MODEL = "mnist_speedrun_cnn"
COMPILE_SECONDS = {}  # The sides compiled ahead of their first epoch.


def main(argv=None):
    args = parser().parse_args(argv)
    (x, y), _ = load_mnist(args.data_dir)
    x, y = x[: args.images].astype("float32"), y[: args.images].astype("int32")
    steps = len(x) // args.batch_size
    x, y = x[: steps * args.batch_size], y[: steps * args.batch_size]
    on_device = (jax.device_put(x), jax.device_put(y))
    sides = {
        "fit": fit_side(x, y, args.batch_size, 1, (x, y)),
        f"fit spe={args.spe}": fit_side(x, y, args.batch_size, args.spe, (x, y)),
        "fit resident": fit_side(x, y, args.batch_size, 1, on_device),
        f"fit resident spe={args.spe}": fit_side(
            x, y, args.batch_size, args.spe, on_device
        ),
        "scan": scan_side(x, args.batch_size, on_device),
    }
    compile_s = {name: side() for name, side in sides.items()}  # First epochs.
    times = {name: [] for name in sides}
    for index in range(args.rounds):
        order = list(sides) if index % 2 == 0 else list(reversed(sides))
        for name in order:
            times[name].append(sides[name]())
            print(f"round {index + 1} {name}: {times[name][-1]:.3f} s", file=sys.stderr)
    body = report(args, steps, compile_s, times)
    print(body)
    write_section(
        f"step cost on {accelerator() or 'the CPU'}, batch {args.batch_size}",
        body,
        ("kzoo/models", "kzoo/layers"),
    )


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", default=None, help="MNIST source (else KZOO_DATA_DIR)")
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--rounds", type=int, default=5, help="epochs timed per side")
    p.add_argument("--spe", type=int, default=8, help="steps_per_execution")
    p.add_argument("--images", type=int, default=60_000)
    return p


def new_model(x, steps_per_execution=1):
    keras.utils.set_random_seed(0)
    model = kzoo.create_model(MODEL, normalize=x, compile=False)
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
    )
    return model


def fit_side(x, y, batch_size, steps_per_execution, data):
    """One epoch of `fit` per call; returns its seconds, device work included."""
    model = new_model(x, steps_per_execution)

    def epoch():
        start = time.perf_counter()
        model.fit(*data, batch_size=batch_size, epochs=1, verbose=0)
        jax.block_until_ready(model.trainable_variables[0].value)
        return time.perf_counter() - start

    return epoch


def scan_side(x, batch_size, data):
    """One jitted scan over an epoch per call: the loop without Python."""
    model = new_model(x)
    optimizer, loss_fn = model.optimizer, keras.losses.SparseCategoricalCrossentropy()
    optimizer.build(model.trainable_variables)

    def loss(trainable, non_trainable, xb, yb):
        pred, non_trainable = model.stateless_call(
            trainable, non_trainable, xb, training=True
        )
        return loss_fn(yb, pred), non_trainable

    grad = jax.value_and_grad(loss, has_aux=True)

    def step(state, batch):
        trainable, non_trainable, opt = state
        (value, non_trainable), grads = grad(trainable, non_trainable, *batch)
        trainable, opt = optimizer.stateless_apply(opt, grads, trainable)
        return (list(trainable), list(non_trainable), list(opt)), value

    def run(state, key, xs, ys):
        order = jax.random.permutation(key, len(xs))  # A shuffle on the device.
        shape = (len(xs) // batch_size, batch_size)
        xb = xs[order].reshape(shape + xs.shape[1:])
        return jax.lax.scan(step, state, (xb, ys[order].reshape(shape)))

    state = (
        [v.value for v in model.trainable_variables],
        [v.value for v in model.non_trainable_variables],
        [v.value for v in optimizer.variables],
    )
    keys = iter(jax.random.split(jax.random.key(0), 1000))
    # Compiled ahead, so that the first epoch shows the first call's own cost.
    start = time.perf_counter()
    compiled = jax.jit(run).lower(state, next(keys), *data).compile()
    COMPILE_SECONDS["scan"] = time.perf_counter() - start

    def epoch():
        nonlocal state
        start = time.perf_counter()
        state, losses = compiled(state, next(keys), *data)
        jax.block_until_ready(losses)
        print(f"scan: mean loss {float(losses.mean()):.4f}", file=sys.stderr)
        return time.perf_counter() - start

    return epoch


def report(args, steps, compile_s, times):
    median = {name: statistics.median(t) for name, t in times.items()}
    rows = [
        f"| {name} | {COMPILE_SECONDS.get(name, math.nan):.2f} "
        f"| {compile_s[name]:.2f} | {median[name]:.3f} "
        f"| {median[name] / steps * 1e3:.3f} | {median[name] / median['fit']:.3f} |"
        for name in times
    ]
    device = accelerator() or "the CPU"
    return "\n".join(
        [
            f"Backend {keras.backend.backend()} on {device}; `{MODEL}`, "
            f"{steps * args.batch_size} MNIST images, batch {args.batch_size} "
            f"({steps} steps an epoch), Adam at a constant 1e-3. Each side's "
            f"first epoch apart (with the compilation, except the scan's, "
            "compiled ahead: its first epoch is the first call's own cost), "
            f"then the median of "
            f"{args.rounds} epochs per side, the sides in turns (forward, then "
            "backward). Epoch seconds wait for the device to finish.",
            "",
            "| loop | compiled ahead s | first epoch s | epoch s | ms a step "
            "| ratio to fit |",
            "|---|---|---|---|---|---|",
            *rows,
        ]
    )


if __name__ == "__main__":
    main()
