"""A deep network with linear activations is one linear layer in disguise.

With the identity as g, each layer computes Z = W.A + b and passes Z on, so
the network's logits are x.W1.W2...WL + b for one matrix W = W1.W2...WL and
one bias b, composed the same way: a product of linear maps is linear. The
experiment builds `kzoo.models.mlp(activation="linear")` with three hidden
layers of 64 units, trains it, multiplies its kernels out and checks that the
one 784 x 10 layer gives the deep network's logits (max absolute
difference, float32 rounding only). It then compares dev accuracy with
`kzoo.models.softmax_regression` (that one layer, trained directly) and, for
contrast, a ReLU network of the same shape.

Choices the course leaves open: Adam and batches of 100 for all three;
softmax regression at a rate of 1e-2 and the deep networks at 3e-3 (see
SOFTMAX_RATE), so that each model is trained about as well as it can be in
the budget and "no better" compares trained models, not training speeds.
Quick runs train on 4,000 digits for 3 epochs, full runs on 20,000 for 10.
Another path to the same family of models can land a little above or below
softmax regression, so the deep linear network may be at most one point
(MARGIN) more accurate; it was below it on seeds 0-3 in quick runs.
"""

import sys

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "A deep linear network collapses to one layer: softmax regression"
HIDDEN = (64, 64, 64)
COLORS = ["#4c72b0", "#dd8452", "#55a868"]
MARGIN = 0.01  # "No better than": within one point of dev accuracy.
# Softmax regression is convex: the larger rate takes it to its optimum within
# the budget. The deep networks' steps compound through four matrices, and at
# that rate the deep linear one wanders; 3e-3 trains both deep ones steadily.
SOFTMAX_RATE, DEEP_RATE = 1e-2, 3e-3


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    import kzoo.models

    (x, y), (x_dev, y_dev) = setting.mnist(
        train=setting.pick(4000, 20000), dev=setting.pick(1000, 5000)
    )
    builders = {
        "softmax regression": lambda: kzoo.models.softmax_regression(
            input_shape=(784,), learning_rate=SOFTMAX_RATE
        ),
        "deep linear": lambda: kzoo.models.mlp(
            input_shape=(784,),
            hidden_units=HIDDEN,
            activation="linear",
            learning_rate=DEEP_RATE,
        ),
        "deep ReLU": lambda: kzoo.models.mlp(
            input_shape=(784,),
            hidden_units=HIDDEN,
            activation="relu",
            learning_rate=DEEP_RATE,
        ),
    }
    errors, models = {}, {}
    for name, build in builders.items():
        keras.utils.set_random_seed(setting.seed)
        models[name] = build()
        models[name].fit(x, y, batch_size=100, epochs=setting.pick(3, 10), verbose=0)
        predicted = models[name].predict(x_dev, verbose=0).argmax(axis=1)
        errors[name] = float(np.mean(predicted != y_dev))
    softmax, linear, relu = (1 - errors[name] for name in builders)

    deep = models["deep linear"]
    deep_logits = _logits(deep, x_dev)
    kernel, bias = _collapse(deep)
    collapsed_logits = x_dev.astype("float64") @ kernel + bias
    difference = float(np.max(np.abs(deep_logits - collapsed_logits)))
    scale = float(np.max(np.abs(deep_logits)))

    figure, axes = new_figure(2, title=TITLE)
    _plot_logits(axes[0], collapsed_logits, deep_logits, difference, kernel.shape)
    _plot_errors(axes[1], errors)
    holds = bool(difference <= 1e-4 * scale and linear <= softmax + MARGIN)
    return Finding(
        claim="A network whose hidden activations are the identity computes one "
        "linear map: its weights multiply out to a single layer, and it does no "
        "better than softmax regression.",
        measured=(
            f"W1.W2.W3.W4 ({kernel.shape[0]} x {kernel.shape[1]}) gives the deep "
            f"linear network's logits to within {difference:.1e} (logits up to "
            f"{scale:.0f}); dev accuracy: softmax regression {softmax:.1%}, deep "
            f"linear {linear:.1%}, deep ReLU {relu:.1%}."
        ),
        look="Left: every logit of the deep linear network falls on the diagonal "
        "of the one-layer product. Right: the deep linear network's dev error is "
        "no lower than softmax regression's; the same shape with ReLU does better.",
        holds=holds,
        values={
            "max_logit_difference": difference,
            "max_logit": scale,
            "softmax_accuracy": softmax,
            "linear_accuracy": linear,
            "relu_accuracy": relu,
        },
        figure=save_figure(figure, setting.figure_path()),
    )


def _dense_layers(model):
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def _logits(model, x):
    """The network's logits, layer by layer as Keras runs it: the output
    layer's input (the last hidden A), through that layer's W and b, before
    its softmax."""
    import keras

    output = model.get_layer("predictions")
    last_hidden = keras.Model(model.input, output.input).predict(x, verbose=0)
    logits = keras.ops.add(keras.ops.matmul(last_hidden, output.kernel), output.bias)
    return keras.ops.convert_to_numpy(logits).astype("float64")


def _collapse(model):
    """One (W, b) for the whole network: x.W1 + b1, then .W2 + b2, ..., so
    W = W1.W2...WL and b = (...(b1.W2 + b2).W3 + ...) + bL; in float64."""
    import keras

    kernel, bias = None, None
    for layer in _dense_layers(model):
        w, b = (
            keras.ops.convert_to_numpy(v.value).astype("float64")
            for v in (layer.kernel, layer.bias)
        )
        kernel = w if kernel is None else kernel @ w
        bias = b if bias is None else bias @ w + b
    return kernel, bias


def _plot_logits(axis, collapsed, deep, difference, shape):
    low, high = collapsed.min(), collapsed.max()
    axis.scatter(
        collapsed.ravel(), deep.ravel(), s=12, color="#dd8452", label="a dev logit"
    )
    axis.plot([low, high], [low, high], "k--", linewidth=0.8, label="y = x", zorder=3)
    axis.set_xlabel(f"logit of the one-layer product W ({shape[0]} x {shape[1]})")
    axis.set_ylabel("logit of the deep linear network")
    axis.set_title(f"Same logits: max |difference| {difference:.1e}")
    axis.legend(loc="upper left")


def _plot_errors(axis, errors):
    names = list(errors)
    labels = [name.replace(" ", "\n", 1) for name in names]
    bars = axis.bar(labels, [100 * errors[n] for n in names], color=COLORS)
    axis.bar_label(bars, [f"{100 * errors[n]:.1f}%" for n in names])
    axis.set_ylabel("dev error (%)")
    axis.set_ylim(0, 1.15 * 100 * max(errors.values()))
    axis.set_title(f"Dev error, hidden layers {' x '.join(map(str, HIDDEN))}")


if __name__ == "__main__":
    sys.exit(main(__name__))
