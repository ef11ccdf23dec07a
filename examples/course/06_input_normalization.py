"""Normalising the inputs makes the cost round and gradient descent faster.

A linear regression y = w1*x1 + w2*x2 (no bias) on two synthetic features
drawn from `setting.rng`: zero-mean Gaussians whose standard deviations
differ by a factor of 8 (quick) or 20 (full), so that the cost's curvature
along w2 is 64 or 400 times that along w1. The same model is trained twice by
full-batch gradient descent (`kzoo.optimizers.sgd`, mean squared error) from
w = 0: on the raw features, and with `kzoo.layers.normalization_layer` in
front, which subtracts the training mean and divides by the standard
deviation of each feature. The left panels draw the cost's contours over each
model's own weights, on equal axes, with the path that descent took.

A fair race: each model runs at the best learning rate of one grid, 1e-3 to
1 in steps of about 3x, for its own features; "best" is the one that reaches
the target in the fewest steps, and a rate that does not get there is out
(a rate past the stability limit, 2 / largest curvature of the cost, makes
the cost rise, which stops its run). The target: 99% of the way from the
starting cost to the least-squares minimum (excess cost at most 1% of its
start). The scale ratios keep the raw model's limit (about 1/64 quick,
1/400 full) well between grid rates, so no seed tips a rate either way; the
normalised model's limit is 1 / (1 + |correlation of the features|), just
under the grid's 1, which therefore always diverges, slowly, and 0.3 wins.
The raw run still needs about a hundred (quick) or a thousand (full) steps.
"""

import sys

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "Normalised inputs: a round cost and fewer steps of gradient descent"
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
TARGET = 0.01  # Excess cost left, as a fraction of the starting excess.
TRUE_CONTRIBUTION = (2.0, 2.0)  # Each feature's share of y, in its own std's.


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    keras.utils.set_random_seed(setting.seed)
    scales = np.array([1.0, setting.pick(8.0, 20.0)])
    max_steps = setting.pick(500, 3000)
    x, y = _data(setting, scales, size=setting.pick(256, 2048))
    races = {}
    for normalize in (False, True):
        model = _linear_model(x, normalize)
        features = _features(model, x)
        optimum = np.linalg.lstsq(features, y, rcond=None)[0]
        races[normalize] = _race(model, x, y, features, optimum, max_steps)
    raw, normalised = races[False], races[True]
    holds = bool(
        normalised["steps"] is not None
        and (raw["steps"] is None or normalised["steps"] < raw["steps"])
    )
    figure = _figure(races)
    values = {
        # A model that never reached the target counts as the cap.
        "raw_steps": float(_steps(raw, max_steps, cap=max_steps)),
        "normalized_steps": float(_steps(normalised, max_steps, cap=max_steps)),
        "raw_learning_rate": raw["learning_rate"],
        "normalized_learning_rate": normalised["learning_rate"],
        "raw_condition": raw["condition"],
        "normalized_condition": normalised["condition"],
        "scale_ratio": float(scales[1] / scales[0]),
        "max_steps": float(max_steps),
    }
    return Finding(
        claim="Normalising the inputs makes the cost surface round, so gradient "
        "descent can take larger steps and reaches a given loss in fewer of them.",
        measured=(
            f"features with stds 1 and {scales[1]:g}: the raw cost's curvatures "
            f"differ {raw['condition']:.0f}x, the normalised one's "
            f"{normalised['condition']:.2f}x; to 1% of the starting excess cost, "
            f"{_steps(raw, max_steps)} steps raw (best rate "
            f"{raw['learning_rate']:g}) vs {_steps(normalised, max_steps)} "
            f"normalised (best rate {normalised['learning_rate']:g})."
        ),
        look="Left: on equal axes the raw cost is a long thin valley, and descent "
        "crawls along its floor; middle: the normalised cost is nearly round "
        "and the path heads straight for the minimum. Right: excess cost per "
        "step at each one's best rate, on a log axis.",
        holds=holds,
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


def _data(setting, scales, size):
    rng = setting.rng(2)
    x = rng.normal(size=(size, 2)) * scales
    # Each feature moves y by the same amount per standard deviation, so
    # neither weight is negligible and the valley's floor is a real climb.
    weights = np.array(TRUE_CONTRIBUTION) / scales
    y = x @ weights + rng.normal(scale=0.5, size=size)
    return x.astype("float32"), y.astype("float32")


def _linear_model(x, normalize):
    import keras

    from kzoo import layers, optimizers

    stack = [keras.Input(shape=(2,))]
    if normalize:
        stack.append(layers.normalization_layer(x, feature_shape=(2,)))
    stack.append(keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros"))
    model = keras.Sequential(stack)
    model.compile(optimizer=optimizers.sgd(learning_rate=0.01), loss="mse")
    # The optimizer's variables made now, not in the first step: TensorFlow
    # then traces the training step once instead of twice.
    model.optimizer.build(model.trainable_variables)
    return model


def _features(model, x):
    """What the Dense layer sees: x itself, or x normalised by the model."""
    import keras

    if len(model.layers) == 1:
        return x.astype("float64")
    normalized = model.layers[0](keras.ops.convert_to_tensor(x))
    return keras.ops.convert_to_numpy(normalized).astype("float64")


def _weight_path(cost, target):
    """A callback that keeps the kernel after every step, in `.path`, and
    stops the run at the target, or as soon as the cost rises: below the
    stability limit full-batch descent on a quadratic lowers the cost at
    every step, so a rise means the rate is past it. The cost is exact,
    computed from the kept weights, not Keras's running mean of batch
    losses."""
    import keras

    class WeightPath(keras.callbacks.Callback):
        def kernel(self):
            kernel = self.model.layers[-1].kernel
            return keras.ops.convert_to_numpy(kernel)[:, 0].astype("float64")

        def on_train_begin(self, logs=None):
            self.path = [self.kernel()]
            self.costs = [float(cost(self.path[0]))]

        def on_train_batch_end(self, batch, logs=None):
            self.path.append(self.kernel())
            self.costs.append(float(cost(self.path[-1])))
            if not target < self.costs[-1] < self.costs[-2]:
                self.model.stop_training = True

    return WeightPath()


def _race(model, x, y, features, optimum, max_steps):
    """Full-batch descent at every grid rate; the fastest run to the target.

    From the largest rate down, each run capped at the best step count so
    far: a run that needs more cannot win, so it need not finish."""
    # The mean squared error as the quadratic it is, for any stack of w's.
    gram, moment = features.T @ features / len(y), features.T @ y / len(y)
    offset = float(np.mean(y.astype("float64") ** 2))

    def cost(w):
        return np.einsum("...i,ij,...j->...", w, gram, w) - 2 * w @ moment + offset

    start, best = float(cost(np.zeros(2))), float(cost(optimum))
    target = best + TARGET * (start - best)
    # One full batch per step: the data repeated, one epoch.
    repeated = np.tile(x, (max_steps, 1)), np.tile(y, max_steps)
    winner = None
    for rate in sorted(LEARNING_RATES, reverse=True):
        cap = max_steps if winner is None else winner["steps"]
        model.layers[-1].kernel.assign(np.zeros((2, 1), "float32"))
        model.optimizer.learning_rate.assign(rate)
        watch = _weight_path(cost, target)
        model.fit(
            repeated[0][: cap * len(x)],
            repeated[1][: cap * len(x)],
            batch_size=len(x),
            epochs=1,
            shuffle=False,
            verbose=0,
            callbacks=[watch],
        )
        if watch.costs[-1] <= target:
            steps = len(watch.costs) - 1
            excess = (np.array(watch.costs) - best) / (start - best)
            winner = {"steps": steps, "learning_rate": rate, "excess": excess}
            winner["path"] = watch.path
    race = winner or {"steps": None, "learning_rate": float("nan"), "path": []}
    curvatures = np.linalg.eigvalsh(gram)
    race.update(
        condition=float(curvatures[-1] / curvatures[0]),
        optimum=optimum,
        cost=cost,
        best=best,
        start=start,
    )
    return race


def _figure(races):
    figure, axes = new_figure(3, title=TITLE, width=13)
    names = {False: "raw features", True: "normalised features"}
    colors = {False: "#c44e52", True: "#4c72b0"}
    for axis, normalize in zip(axes[:2], (False, True), strict=True):
        race = races[normalize]
        _contours(axis, race)
        path = np.array(race["path"])
        if len(path):
            axis.plot(path[:, 0], path[:, 1], ".-", color=colors[normalize], ms=3)
        axis.plot(*race["optimum"], "k*", ms=10, label="minimum")
        axis.plot(0, 0, "ko", ms=5, label="start, w = 0")
        axis.set_title(
            f"{names[normalize]}: {race['steps']} steps at "
            f"rate {race['learning_rate']:g}",
            fontsize=10,
        )
        feature = "normalised x" if normalize else "x"
        axis.set_xlabel(f"w1, weight of {feature}1 (no unit)")
        axis.set_ylabel(f"w2, weight of {feature}2 (no unit)")
        axis.legend(loc="lower right", fontsize=8)
    for normalize in (False, True):
        race = races[normalize]
        if race["steps"] is not None:
            axes[2].plot(
                race["excess"],
                ".-",
                ms=3,
                color=colors[normalize],
                label=f"{names[normalize]}: {race['steps']} steps at rate "
                f"{race['learning_rate']:g}",
            )
    axes[2].axhline(TARGET, color="black", linestyle="--", linewidth=1)
    axes[2].annotate(
        "target: 1% of the start",
        (1, TARGET),
        (-4, 4),
        ("axes fraction", "data"),
        "offset points",
        ha="right",
        fontsize=8,
    )
    axes[2].set_xscale("symlog", linthresh=1)
    axes[2].set_xlim(left=0)
    axes[2].set_yscale("log")
    axes[2].set_xlabel("gradient descent steps (full batch; log past 1)")
    axes[2].set_ylabel("excess cost / excess at start (log)")
    axes[2].set_title("cost above the minimum, at each one's best rate", fontsize=10)
    axes[2].set_ylim(bottom=TARGET / 10)  # Room for the legend below the target.
    axes[2].legend(fontsize=8, loc="lower right")
    return figure


def _contours(axis, race):
    """The cost over a square of weights around the minimum, equal axes."""
    centre = race["optimum"]
    radius = 1.15 * max(np.max(np.abs(centre)), 1e-3)
    grid = np.linspace(-radius, radius, 121)
    w1, w2 = np.meshgrid(centre[0] + grid, centre[1] + grid)
    costs = race["cost"](np.stack([w1, w2], axis=-1))
    # Levels evenly spaced in the excess cost's square root: even rings.
    levels = (
        race["best"] + (race["start"] - race["best"]) * np.linspace(0.05, 1.6, 8) ** 2
    )
    axis.contour(w1, w2, costs, levels=levels, colors="grey", linewidths=0.8)
    axis.set_aspect("equal")


def _steps(race, max_steps, cap=None):
    """The steps a race took to the target, or `cap` (by default, words)."""
    if race["steps"] is not None:
        return race["steps"]
    return f"over {max_steps}" if cap is None else cap


if __name__ == "__main__":
    sys.exit(main(__name__))
