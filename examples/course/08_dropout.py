"""Dropout narrows the train/dev gap as its rate grows.

The small-data MLP of the L2 experiment (07): one hidden layer of 128 ReLU
units (`kzoo.models.mlp`), 500 MNIST digits, 40 epochs in batches of 250
with Adam at 3e-3, so that without regularisation it learns its training set
by heart. The sweep retrains it with inverted dropout after the hidden layer
(kzoo's `dropout`, the rate of units dropped) at rates 0 to 0.8, from the
same initial weights on the same data, and measures training and dev
accuracy and cost (mean cross-entropy, the course's J) on the final weights,
with dropout off as at inference.

What it shows, and why it measures the cost as well as accuracy: unlike L2,
dropout hardly costs this network its fit to the training set (training
accuracy stays at or near 100% at every rate), so the accuracy gap narrows
only a little, as dev accuracy gains a point or so. The cost shows the
variance going: training cost rises from almost zero and dev cost falls, as
the network stops betting everything on each training digit. The gap in
cost is the one this experiment asserts; the rates stop at 0.8, where about
26 of the 128 units are left each step and the network still trains.

For speed, the sweep's networks train side by side: one Keras model whose
outputs are the separate networks, each with its own loss and its own
dropout rate. Their weights are disjoint and Adam updates each weight on its
own gradient alone, so each trains exactly as it would alone.
"""

import sys

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "Dropout: the train/dev gap narrows as the rate grows"
RATES = (0.0, 0.2, 0.4, 0.6, 0.8)
HIDDEN, EPOCHS, BATCH, LEARNING_RATE = (128,), 40, 250, 3e-3


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    from kzoo import models, optimizers

    (x, y), (x_dev, y_dev) = setting.mnist(train=500, dev=setting.pick(1000, 10000))
    networks = []
    for index, rate in enumerate(RATES):
        keras.utils.set_random_seed(setting.seed)  # The same initial weights.
        network = models.mlp((784,), hidden_units=HIDDEN, dropout=rate, compile=False)
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
    order = np.concatenate([rng.permutation(len(x)) for _ in range(EPOCHS)])
    labels = np.repeat(y[order, None], len(networks), axis=1)
    sweep.fit(x[order], labels, batch_size=BATCH, shuffle=False, verbose=0)
    train_accuracy, train_cost = _measure(sweep, x, y)
    dev_accuracy, dev_cost = _measure(sweep, x_dev, y_dev)
    accuracy_gaps = train_accuracy - dev_accuracy
    cost_gaps = dev_cost - train_cost
    # Narrower by a quarter at the largest rate, and mostly narrowing on the
    # way there.
    holds = bool(
        cost_gaps[-1] < 0.75 * cost_gaps[0] and _rank_correlation(cost_gaps) < -0.5
    )
    figure = _figure(train_accuracy, dev_accuracy, train_cost, dev_cost, len(x))
    values = {f"rate_{i}": rate for i, rate in enumerate(RATES)}
    for name, numbers in (
        ("train_accuracy", train_accuracy),
        ("dev_accuracy", dev_accuracy),
        ("train_cost", train_cost),
        ("dev_cost", dev_cost),
        ("accuracy_gap", accuracy_gaps),
        ("cost_gap", cost_gaps),
    ):
        values |= {f"{name}_{i}": float(v) for i, v in enumerate(numbers)}
    values["cost_gap_rank_correlation"] = _rank_correlation(cost_gaps)
    values["train_size"] = float(len(x))
    return Finding(
        claim="Dropout narrows the gap between training and dev performance as "
        "its rate grows.",
        measured=f"{len(x)} training digits; from rate 0 to {RATES[-1]:g}, the "
        f"cost gap (dev - train cross-entropy) goes {cost_gaps[0]:.3f} -> "
        f"{cost_gaps[-1]:.3f} (train {train_cost[0]:.3f} -> {train_cost[-1]:.3f}, "
        f"dev {dev_cost[0]:.3f} -> {dev_cost[-1]:.3f}); the accuracy gap "
        f"{100 * accuracy_gaps[0]:.1f} -> {100 * accuracy_gaps[-1]:.1f} pts "
        f"(train {train_accuracy[0]:.1%} -> {train_accuracy[-1]:.1%}, dev "
        f"{dev_accuracy[0]:.1%} -> {dev_accuracy[-1]:.1%}).",
        look="Right: the shaded gap between dev and training cost closes as the "
        "rate grows, from both sides. Left: accuracy moves far less, since "
        "the network still fits its training digits; what dropout removes is "
        "its overconfidence on them.",
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


def _measure(sweep, x, y):
    """Each network's accuracy and mean cross-entropy on `(x, y)`."""
    probabilities = _predict(sweep, x)
    accuracy = np.mean(np.argmax(probabilities, axis=-1) == y[:, None], axis=0)
    chosen = np.take_along_axis(probabilities, y[:, None, None], axis=-1)[..., 0]
    cost = -np.mean(np.log(np.maximum(chosen, 1e-7)), axis=0)
    return accuracy, cost


def _rank_correlation(gaps):
    """Spearman's correlation of the gap with the rate: -1 if it only shrinks."""
    ranks = np.argsort(np.argsort(gaps))
    return float(np.corrcoef(np.arange(len(gaps)), ranks)[0, 1])


def _figure(train_accuracy, dev_accuracy, train_cost, dev_cost, m):
    figure, (accuracy, cost) = new_figure(2, title=TITLE, width=10)
    rates = np.array(RATES)
    accuracy.plot(rates, 100 * train_accuracy, "o-", label="training set")
    accuracy.plot(rates, 100 * dev_accuracy, "s-", label="dev set")
    accuracy.fill_between(rates, 100 * dev_accuracy, 100 * train_accuracy, alpha=0.15)
    accuracy.set_ylabel("accuracy (%)")
    accuracy.set_title(
        f"accuracy, {m} training digits (no dropout at test)", fontsize=10
    )
    cost.plot(rates, train_cost, "o-", label="training set")
    cost.plot(rates, dev_cost, "s-", label="dev set")
    cost.fill_between(rates, train_cost, dev_cost, alpha=0.15, label="gap")
    for rate, low, high in zip(rates, train_cost, dev_cost, strict=True):
        cost.annotate(
            f"{high - low:.2f}", (rate, (low + high) / 2), ha="center", fontsize=8
        )
    cost.set_ylim(bottom=0)
    cost.set_ylabel("cost J: mean cross-entropy (nats)")
    cost.set_title("cost (the gap's size written in it)", fontsize=10)
    for axis in (accuracy, cost):
        axis.set_xticks(rates)
        axis.set_xlabel("dropout rate (fraction of hidden units dropped)")
    # One legend for both panels, below them, clear of the curves.
    figure.legend(*cost.get_legend_handles_labels(), loc="outside lower center", ncol=3)
    return figure


def _predict(model, x):
    """The model's outputs in inference mode, by calling it: unlike
    `predict`, a direct call traces nothing, a second saved in a quick run."""
    import keras

    return keras.ops.convert_to_numpy(model(x, training=False))


if __name__ == "__main__":
    sys.exit(main(__name__))
