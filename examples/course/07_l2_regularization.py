"""L2 regularisation narrows the train/dev gap as lambda grows.

A one-hidden-layer MLP (`kzoo.models.mlp`) trained on a few hundred MNIST
digits with Adam, long enough to learn its training set by heart: without
regularisation, training accuracy reaches 100% while dev accuracy stays well
below. The sweep retrains it with the course's L2 penalty
lambda / (2m) * sum ||W||^2 for several lambdas (kzoo's `l2` is Keras's
per-weight factor, `l2 = lambda / (2m)`), from the same initial weights, and
measures training and dev accuracy at the end.

For speed, the sweep's networks train side by side: one Keras model whose
outputs are the separate networks, each with its own loss and its own
penalty. Their weights are disjoint and Adam updates each weight on its own
gradient alone, so each trains exactly as it would alone.

Choices the course leaves open: 500 training digits (dev: 1,000 quick,
10,000 full, all from MNIST's training set), one hidden layer of 128 ReLU
units, 40 epochs in batches of 250 with Adam at 3e-3: 80 steps, enough to
fit the training set perfectly without L2 and few enough to keep the quick
run cheap. Fewer digits (256) left a gap of 20 points that L2 closed
only by wrecking the network; with 500, lambda = 30 closes a third of it
while dev accuracy holds. The lambdas span 0 and 3 to 100 in steps of about
3x, up to where the penalty costs the network its fit to the training set,
so that the gap visibly closes: training accuracy falls, dev accuracy holds
(or rises a little) and only then falls. The gap is measured in accuracy
points on the final weights, on the same data and initial weights for every
lambda.
"""

import sys

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "L2 regularisation: the train/dev gap narrows as lambda grows"
LAMBDAS = (0.0, 3.0, 10.0, 30.0, 100.0)  # The course's lambda.
HIDDEN, EPOCHS, BATCH, LEARNING_RATE = (128,), 40, 250, 3e-3


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    from kzoo import models, optimizers

    (x, y), (x_dev, y_dev) = setting.mnist(train=500, dev=setting.pick(1000, 10000))
    m = len(x)
    networks = []
    for index, lam in enumerate(LAMBDAS):
        keras.utils.set_random_seed(setting.seed)  # The same initial weights.
        network = models.mlp(
            (784,), hidden_units=HIDDEN, l2=lam / (2 * m), compile=False
        )
        # Renamed: one model cannot hold two layers named "mlp".
        networks.append(keras.Model(network.input, network.output, name=f"n{index}"))
    inputs = keras.Input((784,))
    sweep = keras.Model(
        inputs, keras.ops.stack([network(inputs) for network in networks], axis=1)
    )
    sweep.compile(
        optimizer=optimizers.adam(learning_rate=LEARNING_RATE), loss=_summed_loss
    )
    # Adam's slots made now, not in the first step: TensorFlow then traces
    # the training step once instead of twice (half of a quick run's time).
    sweep.optimizer.build(sweep.trainable_variables)
    # The epochs' shuffles drawn here, so that one fit runs them all without
    # Keras's per-epoch overhead.
    rng = setting.rng(3)
    order = np.concatenate([rng.permutation(m) for _ in range(EPOCHS)])
    labels = np.repeat(y[order, None], len(networks), axis=1)
    sweep.fit(x[order], labels, batch_size=BATCH, shuffle=False, verbose=0)
    train = _accuracies(sweep, x, y)
    dev = _accuracies(sweep, x_dev, y_dev)
    gaps = train - dev
    # Narrower by a quarter at the largest lambda, and mostly narrowing on
    # the way there.
    holds = bool(gaps[-1] < 0.75 * gaps[0] and _rank_correlation(gaps) < -0.5)
    figure = _figure(train, dev, m)
    values = {f"train_{i}": float(a) for i, a in enumerate(train)}
    values |= {f"dev_{i}": float(a) for i, a in enumerate(dev)}
    values |= {f"gap_{i}": float(g) for i, g in enumerate(gaps)}
    values |= {f"lambda_{i}": lam for i, lam in enumerate(LAMBDAS)}
    values["rank_correlation"] = _rank_correlation(gaps)
    values["train_size"] = float(m)
    return Finding(
        claim="L2 regularisation narrows the gap between training and dev "
        "accuracy as lambda grows.",
        measured=f"{m} training digits; train/dev accuracy (gap): "
        + "; ".join(
            f"lambda {lam:g}: {t:.1%}/{d:.1%} ({100 * g:.1f} pts)"
            for lam, t, d, g in zip(LAMBDAS, train, dev, gaps, strict=True)
        )
        + ".",
        look="The shaded gap between the two lines: wide at lambda = 0, where the "
        "network fits its training digits perfectly, and closing as lambda "
        "grows: training accuracy comes down while dev accuracy moves far less "
        "up to lambda = 30; at 100 the network underfits and both fall.",
        holds=holds,
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


def _summed_loss(labels, probabilities):
    """Each network's cross-entropy, added: the sum's gradient with respect
    to one network's weights is that network's own loss's gradient."""
    import keras

    losses = keras.losses.sparse_categorical_crossentropy(labels, probabilities)
    return keras.ops.sum(losses, axis=-1)


def _accuracies(sweep, x, y):
    probabilities = _predict(sweep, x)
    return np.mean(np.argmax(probabilities, axis=-1) == y[:, None], axis=0)


def _rank_correlation(gaps):
    """Spearman's correlation of the gap with lambda: -1 if it only shrinks."""
    ranks = np.argsort(np.argsort(gaps))
    return float(np.corrcoef(np.arange(len(gaps)), ranks)[0, 1])


def _figure(train, dev, m):
    figure, (accuracy, gap) = new_figure(2, title=TITLE, width=10)
    # lambda = 0 has no place on a log axis: it stands a decade to the left.
    positions = np.array([LAMBDAS[1] / 10, *LAMBDAS[1:]])
    labels = ["0", *(f"{lam:g}" for lam in LAMBDAS[1:])]
    accuracy.plot(positions, 100 * train, "o-", label="training set")
    accuracy.plot(positions, 100 * dev, "s-", label="dev set")
    accuracy.fill_between(positions, 100 * dev, 100 * train, alpha=0.15)
    accuracy.set_ylabel("accuracy (%)")
    accuracy.set_title(f"{m} training digits, final weights", fontsize=10)
    accuracy.legend()
    bars = gap.bar(
        positions, 100 * (train - dev), width=positions * 0.5, color="#8172b3"
    )
    gap.bar_label(bars, fmt="%.1f")
    gap.set_ylabel("train - dev accuracy (percentage points)")
    gap.set_title("the gap (variance)", fontsize=10)
    for axis in (accuracy, gap):
        axis.set_xscale("log")
        axis.set_xticks(positions, labels)
        axis.minorticks_off()
        axis.set_xlabel("lambda, course's L2 strength (log; l2 = lambda / 2m)")
    return figure


def _predict(model, x):
    """The model's outputs in inference mode, by calling it: unlike
    `predict`, a direct call traces nothing, a second saved in a quick run."""
    import keras

    return keras.ops.convert_to_numpy(model(x, training=False))


if __name__ == "__main__":
    sys.exit(main(__name__))
