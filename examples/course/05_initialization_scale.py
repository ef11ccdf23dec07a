"""The initial weights' scale decides whether Z survives ten layers.

Each hidden layer computes Z[l] = W[l] A[l-1] with n = 256 inputs, so
var(Z[l]) = n var(W) E[A[l-1]^2]. He initialisation, var(W) = 2/n, makes
that var(Z[l-1]) through ReLU, which zeroes half of Z; Xavier/Glorot,
var(W) = 1/n (for equal fan-in and fan-out), does the same through tanh,
whose slope is 1 near 0 (and less away from it, so std(Z) drifts down
slowly through tanh layers, by about half over ten). Any other scale
multiplies the variance by a constant at every layer, so Z vanishes or
explodes geometrically.

The experiment feeds MNIST digits (raw pixels in [0, 1]) through ten hidden
layers of 256 units, `kzoo.models.mlp` untrained, with the initialiser
`kzoo.models.initializer_for` gives each activation (He for ReLU, Glorot for
tanh) and with two wrong scales: N(0, 1), and 0.01 N(0, 1), the "small
random numbers" that suit a shallow network. It plots the standard deviation
of Z at every layer and histograms of Z at layers 1, 4, 7 and 10.

Choices the course leaves open: 256 units a layer, ten layers, 1,000 digits
(5,000 in full runs). Nothing is trained; only the seed of the weights and
of the digits changes between runs.
"""

import sys

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "He and Xavier keep var(Z) steady; a wrong scale vanishes or explodes"
LAYERS, UNITS = 10, 256
SHOWN = (1, 4, 7, 10)  # The layers whose histograms are drawn.


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    import kzoo.models

    _, (x, _) = setting.mnist(train=0, dev=setting.pick(1000, 5000))
    normal = keras.initializers.RandomNormal
    # name: (legend label, activation, kernel initialiser, line style)
    cases = {
        "relu_he": ("ReLU, He", "relu", kzoo.models.initializer_for("relu"), "-"),
        "tanh_xavier": (
            "tanh, Xavier",
            "tanh",
            kzoo.models.initializer_for("tanh"),
            "-",
        ),
        "relu_normal": ("ReLU, N(0, 1)", "relu", normal(0.0, 1.0), "--"),
        "relu_small": ("ReLU, 0.01 N(0, 1)", "relu", normal(0.0, 0.01), "--"),
        "tanh_small": ("tanh, 0.01 N(0, 1)", "tanh", normal(0.0, 0.01), ":"),
    }
    z = {}
    for name, (_, activation, initializer, _) in cases.items():
        keras.utils.set_random_seed(setting.seed)
        z[name] = _pre_activations(activation, initializer, x)
    std = {name: [float(layer.std()) for layer in zs] for name, zs in z.items()}
    growth = {name: s[-1] / s[0] for name, s in std.items()}

    figure, axes = new_figure(3, title=TITLE, width=14)
    _plot_std(axes[0], std, cases)
    _plot_histograms(axes[1], z["relu_he"], "ReLU, He: Z at layers")
    _plot_histograms(axes[2], z["tanh_xavier"], "tanh, Xavier: Z at layers")
    values = {f"{name}_growth": g for name, g in growth.items()}
    values |= {
        f"{name}_std_layer{i}": v for name, s in std.items() for i, v in enumerate(s, 1)
    }
    holds = bool(
        all(0.25 < growth[name] < 4 for name in ("relu_he", "tanh_xavier"))
        and growth["relu_normal"] > 1e6
        and growth["relu_small"] < 1e-6
        and growth["tanh_small"] < 1e-6
    )
    return Finding(
        claim="He initialisation keeps var(Z) steady through ReLU layers and "
        "Xavier through tanh layers; a wrong scale makes Z vanish or explode.",
        measured=(
            "std(Z) at layer 10 / layer 1: ReLU with He "
            f"{growth['relu_he']:.2f}, tanh with Xavier "
            f"{growth['tanh_xavier']:.2f}; ReLU with N(0, 1) "
            f"{growth['relu_normal']:.0e}, with 0.01 N(0, 1) "
            f"{growth['relu_small']:.0e}; tanh with 0.01 N(0, 1) "
            f"{growth['tanh_small']:.0e}."
        ),
        look="Left, on its log axis: the two recipes' lines stay nearly level "
        "while the wrong scales climb or fall by about a decade a layer. Middle: "
        "with ReLU and He, Z's histogram at layer 10 is about as wide as at layer 1 "
        "(256 units a layer let it drift by tens of percent); "
        "right: with tanh and Xavier it narrows slowly (tanh bends below its "
        "slope-1 line), by half in ten layers, not by ten a layer.",
        holds=holds,
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


def _pre_activations(activation, initializer, x):
    """Z[1..L] of an untrained `kzoo.models.mlp` on `x`: each hidden Dense
    layer's output, before its activation."""
    import keras

    import kzoo.models

    model = kzoo.models.mlp(
        input_shape=(x.shape[1],),
        hidden_units=(UNITS,) * LAYERS,
        activation=activation,
        kernel_initializer=initializer,
        compile=False,
    )
    layers = [model.get_layer(f"hidden_{i}").output for i in range(LAYERS)]
    outputs = keras.Model(model.input, layers)(x)
    return [keras.ops.convert_to_numpy(z) for z in outputs]


def _plot_std(axis, std, cases):
    for name, values in std.items():
        label, _, _, style = cases[name]
        layers = range(1, len(values) + 1)
        axis.plot(layers, values, style, marker="o", label=label)
    axis.set_yscale("log")
    axis.set_xticks(range(1, LAYERS + 1))
    axis.set_xlabel(f"hidden layer l ({UNITS} units each)")
    axis.set_ylabel("std of Z[l] over units and digits (log scale)")
    axis.set_title("std(Z) layer by layer")
    axis.legend(fontsize=8)


def _plot_histograms(axis, z, title):
    limit = 4 * max(float(z[layer - 1].std()) for layer in SHOWN)
    bins = np.linspace(-limit, limit, 81)
    for layer in SHOWN:
        axis.hist(
            z[layer - 1].ravel(),
            bins=bins,
            density=True,
            histtype="step",
            linewidth=1.5,
            label=f"layer {layer}",
        )
    axis.set_xlabel("Z (pre-activation)")
    axis.set_ylabel("density")
    axis.set_title(f"{title} {', '.join(map(str, SHOWN))}")
    axis.legend()


if __name__ == "__main__":
    sys.exit(main(__name__))
