"""Mini-batch size: the whole set, one example, or in between; and decay.

One MLP (784 -> 64 ReLU -> 10 softmax), from the same initial weights, is
trained by plain gradient descent (`kzoo.optimizers.sgd`) three ways:
full-batch (each step on all m training digits), mini-batches of 64, and
stochastic (one digit per step), the last two on shuffled epochs fixed by
the seed. Every few steps the training loss (on 500 of the training
digits) is measured outside the clock: the seconds count the training steps
only. Each execution of those few steps is timed; the first, which also
traces the training function, and any that took over 3 times the median
(paused by another process on a shared CPU) count at the median. On
TensorFlow the training function is compiled without XLA, whose compilation
would take longer than these runs. Then stochastic descent runs again from
the same start, on the same digits, with its rate decayed as
alpha = c1 / (t + c2) (`kzoo.schedules.ReciprocalDecay`, t in steps), and
the loss's spread over the last third of the two stochastic runs is
compared.

Choices the course leaves open. m is 3,000 digits (quick) or 20,000 (full):
large enough that a full-batch step costs many mini-batch steps, which is
the course's point; stochastic runs stay affordable because they get a
budget of steps, not of epochs: full batch 30 steps (quick) or 80 (full),
mini-batch 200 or 1,000, stochastic 2,000 or 15,000. Learning rates, from
grids tried in development (seeds 0-2, time to a loss of 0.4-0.5): full
batch 0.5 (of 0.3, 0.5, 1 and 3; 1 was unsteady, 3 diverged), mini-batch
0.3 (of 0.03, 0.1, 0.3 and 1; 1 about as fast), one digit 0.03 (of 0.003,
0.01, 0.03 and 0.1; 0.01 about as fast, 0.1 unsteady), chosen over 0.01
because at 0.03 the wandering that decay removes is plain to see. The
decay starts at the same 0.03 and halves it after c2 = 15% of the run's
steps (c1 = 0.03 * c2: 300 and 9 quick, 2,250 and 67.5 full), so that it
falls the same way in quick and full runs: over the last third it is 5 to
8 times smaller than the constant rate. The target loss, 0.5, is one that all
three reach within their budgets on the seeds tried; a run that does not
counts as slower than its whole budget.
"""

import sys
import time

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "Mini-batches beat full batches and single examples; decay settles SGD"
PAUSE = 3  # An execution this many times the median was paused: see _train.
TARGET = 0.5  # The training loss each run races to.
RATES = {"full": 0.5, "mini": 0.3, "one": 0.03}
HALVED = 0.15  # The decay halves the rate after this share of the steps.
MINI = 64
COLORS = {"full": "#4c72b0", "mini": "#55a868", "one": "#dd8452", "decay": "#8172b3"}


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    import kzoo.models
    import kzoo.optimizers
    import kzoo.schedules

    m = setting.pick(3000, 20000)
    (x, y), _ = setting.mnist(train=m, dev=0)
    x_probe, y_probe = x[:500], y[:500]
    # (batch size, steps, steps between measurements) of each run.
    plans = {
        "full": (m, setting.pick(30, 80), 2),
        "mini": (MINI, setting.pick(200, 1000), 10),
        "one": (1, setting.pick(2000, 15000), setting.pick(40, 100)),
    }
    keras.utils.set_random_seed(setting.seed)
    model = kzoo.models.mlp(input_shape=(784,), hidden_units=(64,), compile=False)
    initial = model.get_weights()
    curves = {}
    for name, (batch, steps, every) in plans.items():
        model.set_weights(initial)
        optimizer = kzoo.optimizers.sgd(learning_rate=RATES[name])
        data = _epochs(setting, x, y, batch, steps)
        curves[name] = _train(model, optimizer, data, x_probe, y_probe, every)
    # The batch-1 run again, on the same digits, with the rate decayed.
    batch, steps, every = plans["one"]
    model.set_weights(initial)
    c2 = HALVED * steps
    schedule = kzoo.schedules.ReciprocalDecay(c1=RATES["one"] * c2, c2=c2)
    optimizer = kzoo.optimizers.sgd(learning_rate=schedule)
    data = _epochs(setting, x, y, batch, steps)
    curves["decay"] = _train(model, optimizer, data, x_probe, y_probe, every)
    final_rate = float(keras.ops.convert_to_numpy(schedule(steps)))

    reach = {name: _reach(curves[name]) for name in ("full", "mini", "one")}
    spread = {name: _late_spread(curves[name]) for name in ("one", "decay")}
    mini_first = reach["mini"]["seconds"] < min(
        reach["full"]["seconds"], reach["one"]["seconds"]
    )
    holds = bool(
        reach["mini"]["reached"]
        and mini_first
        and spread["decay"]["std"] < spread["one"]["std"]
    )
    figure, axes = new_figure(3, title=TITLE)
    _plot_race(axes[0], curves, plans, "seconds", "training time (s, log scale)")
    _plot_race(axes[1], curves, plans, "step", "training step (log scale)")
    _plot_decay(axes[2], curves, spread, c2, final_rate)
    values = {"target_loss": TARGET, "m": float(m), "final_rate": final_rate}
    values |= {"c1": RATES["one"] * c2, "c2": c2}
    for name in ("full", "mini", "one"):
        for key in ("seconds", "steps", "reached"):
            values[f"{name}_{key}_to_target"] = float(reach[name][key])
        values[f"{name}_budget_seconds"] = float(curves[name]["seconds"][-1])
        values[f"{name}_budget_steps"] = float(curves[name]["step"][-1])
    for name in ("one", "decay"):
        values[f"{name}_late_std"] = spread[name]["std"]
        values[f"{name}_late_mean"] = spread[name]["mean"]
        values[f"{name}_late_detrended_std"] = spread[name]["detrended"]
        values[f"{name}_initial_loss"] = float(curves[name]["loss"][0])
    for name in curves:
        values[f"{name}_paused_executions"] = float(curves[name]["paused"])
    return Finding(
        claim="Mini-batch gradient descent reaches a given loss sooner than both "
        "full-batch (batch = m) and stochastic (batch 1) descent; and with "
        "alpha = c1 / (t + c2), stochastic descent settles instead of wandering.",
        measured=(
            f"to a training loss of {TARGET} (m = {m:,}): "
            + ", ".join(
                f"{_label(name, plans)} {_seconds(reach[name])} "
                f"({reach[name]['steps']} steps)"
                for name in ("full", "mini", "one")
            )
            + "; over the last third of the batch-1 runs the loss varies with "
            f"std {spread['one']['std']:.3f} at a constant rate {RATES['one']} and "
            f"{spread['decay']['std']:.3f} with the rate decayed to "
            f"{final_rate:.4f} (mean {spread['one']['mean']:.3f} vs "
            f"{spread['decay']['mean']:.3f})."
        ),
        look="Left: against the clock, the mini-batch curve crosses the dashed "
        "target first; full batches take the fewest steps (middle) but each "
        "costs the time of many mini-batches, and single examples take "
        "the most. Right: at a constant rate, stochastic descent keeps "
        "jittering; with the rate decayed the curve smooths out and settles.",
        holds=holds,
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


def _label(name, plans):
    size = {"full": f"m = {plans['full'][0]:,}", "mini": f"{MINI} digits"}
    kind = {"full": "full batch", "mini": "mini-batch", "one": "stochastic"}[name]
    return f"{kind} ({size.get(name, '1 digit')}, rate {RATES[name]})"


def _seconds(reach):
    prefix = "" if reach["reached"] else "not within "
    return f"{prefix}{reach['seconds']:.2f} s"


def _reach(curve):
    """Seconds and steps to the first measurement at or below TARGET; the
    whole run's, and `reached` 0, when it never gets there."""
    below = np.flatnonzero(curve["loss"] <= TARGET)
    index = int(below[0]) if below.size else -1
    return {
        "seconds": float(curve["seconds"][index]),
        "steps": int(curve["step"][index]),
        "reached": int(below.size > 0),
    }


def _late_spread(curve):
    """The loss over the last third of a run: its mean, its standard
    deviation, and the deviation about a straight-line trend (so that a
    loss still falling is not counted as wandering)."""
    late = curve["loss"][-(len(curve["loss"]) // 3) :]
    steps = curve["step"][-len(late) :]
    trend = np.polyval(np.polyfit(steps, late, 1), steps)
    return {
        "mean": float(late.mean()),
        "std": float(late.std()),
        "detrended": float((late - trend).std()),
    }


def _plot_race(axis, curves, plans, key, xlabel):
    for name in ("full", "mini", "one"):
        curve = curves[name]
        axis.plot(
            curve[key][1:],
            curve["loss"][1:],
            color=COLORS[name],
            label=_label(name, plans),
        )
    axis.axhline(
        TARGET, color="gray", linestyle="--", linewidth=1, label=f"target loss {TARGET}"
    )
    axis.set_xscale("log")
    axis.xaxis.set_major_formatter("{x:g}")
    _log_loss_axis(axis)
    axis.set_xlabel(xlabel)
    axis.set_title(f"Loss against {'time' if key == 'seconds' else 'steps'}")
    low, high = axis.get_ylim()
    axis.set_ylim(low, high * 4)  # Headroom for the legend, above the curves.
    axis.legend(fontsize=8, loc="upper right")


def _plot_decay(axis, curves, spread, c2, final_rate):
    labels = {
        "one": f"constant rate {RATES['one']}",
        "decay": f"{RATES['one']} x {c2:.0f} / (t + {c2:.0f}), to {final_rate:.4f}",
    }
    for name in ("one", "decay"):
        curve = curves[name]
        axis.plot(
            curve["step"],
            curve["loss"],
            color=COLORS[name],
            label=f"{labels[name]}: late std {spread[name]['std']:.3f}",
        )
    start = curves["one"]["step"][-(len(curves["one"]["step"]) // 3)]
    axis.axvspan(
        start,
        curves["one"]["step"][-1],
        color="gray",
        alpha=0.15,
        label="last third: spread measured",
    )
    _log_loss_axis(axis)
    axis.set_xlabel("training step (one digit each)")
    axis.set_title("Batch 1: constant vs decayed rate")
    axis.legend(fontsize=8, loc="upper right")


def _train(model, optimizer, data, x_probe, y_probe, every):
    """Trains `model` with `optimizer` on `data` (`model.fit`'s arguments),
    and returns the training loss (on `x_probe`) with the step and the
    training seconds at which it was measured, every `every` steps and
    before the first."""
    import keras

    model.compile(
        optimizer=optimizer,
        loss="sparse_categorical_crossentropy",
        steps_per_execution=every,
        jit_compile=_jit_compile(),
    )

    def loss(trained):
        probabilities = trained(x_probe, training=False)
        losses = keras.losses.sparse_categorical_crossentropy(y_probe, probabilities)
        return float(keras.ops.mean(losses))

    # The clock runs from just before each execution of `every` steps to
    # just after it: training steps only, not the loss measured between them.
    curve = {"step": [0], "loss": [loss(model)]}
    durations, since = [], [0.0]

    def on_train_batch_begin(batch, logs):
        since[0] = time.perf_counter()

    def on_train_batch_end(batch, logs):
        durations.append(time.perf_counter() - since[0])
        # The callback's `model`, not the closure's: on JAX, reading it
        # brings the weights back from the training function's state.
        trained = timer.model
        curve["step"].append(int(trained.optimizer.iterations.numpy()))
        curve["loss"].append(loss(trained))

    timer = keras.callbacks.LambdaCallback(
        on_train_batch_begin=on_train_batch_begin,
        on_train_batch_end=on_train_batch_end,
    )
    model.fit(**data, shuffle=False, verbose=0, callbacks=[timer])
    # The first execution also traces the training function, and on a
    # shared CPU an execution is now and then paused while another process
    # runs: one that took over PAUSE times the median is counted at the
    # median, as timeit takes the best of several runs, so that the seconds
    # are the training steps' own.
    durations = np.array(durations)
    median = np.median(durations)
    paused = durations > PAUSE * median
    durations[paused] = median
    curve = {key: np.array(value) for key, value in curve.items()}
    curve["seconds"] = np.r_[0.0, np.cumsum(durations)]
    curve["paused"] = int(paused.sum())
    return curve


def _log_loss_axis(axis):
    axis.set_yscale("log")
    axis.yaxis.set_major_formatter("{x:g}")
    axis.yaxis.set_minor_formatter(_two_three_five)
    axis.set_ylabel("training cross-entropy loss (log scale)")


def _two_three_five(value, position):
    """Labels the minor ticks 0.2, 0.3, 0.5, 2, 3, 5 ... of a log axis."""
    leading = round(value / 10 ** np.floor(np.log10(value)))
    return f"{value:g}" if leading in (2, 3, 5) else ""


def _epochs(setting, x, y, batch, steps):
    """`model.fit`'s data for `steps` batches of `batch` digits, from
    shuffled epochs fixed by the seed, copied out in order."""
    if batch == len(x):
        return {"x": _full_batches(x, y, steps)}
    rng = setting.rng(stream=3)
    epochs = -(-batch * steps // len(x))
    order = np.concatenate([rng.permutation(len(x)) for _ in range(epochs)])
    rows = order[: batch * steps]
    return {"x": x[rows], "y": y[rows], "batch_size": batch}


def _full_batches(x, y, steps):
    """The whole set, `steps` times, as a Keras PyDataset: copying it out
    `steps` times would take gigabytes in full runs, and one fit epoch per
    step would spend more time between steps than in them. Handing the
    arrays over costs about a millisecond a step, on the clock: a handicap
    of a few percent for full-batch descent."""
    import keras

    class FullBatches(keras.utils.PyDataset):
        def __len__(self):
            return steps

        def __getitem__(self, index):
            return x, y

    return FullBatches()


def _jit_compile():
    """XLA on JAX, which always compiles; not on TensorFlow, where XLA would
    compile for longer than these runs train."""
    import keras

    return keras.backend.backend() == "jax"


if __name__ == "__main__":
    sys.exit(main(__name__))
