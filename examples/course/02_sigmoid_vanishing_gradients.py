"""sigma'(z) <= 0.25, so a deep sigmoid network's gradients shrink layer by layer.

Backprop multiplies dA by g'(Z) at every layer on its way down, and the
sigmoid's slope sigma'(z) = sigma(z) (1 - sigma(z)) is at most 0.25 (at z = 0).
With Glorot weights, W^T passes dZ's size on about unchanged, so each layer
down keeps about a quarter of it or less. The experiment plots sigma' and its
maximum, then measures the norm of every kernel's gradient dW[l] in a
10-layer sigmoid MLP (9 hidden layers of 64 units and the softmax output,
`kzoo.models.mlp(activation="sigmoid")`, Glorot-initialised as the library
does for sigmoid) on one batch of MNIST digits: at initialisation, and again
after an epoch of plain SGD.

The gradients are Keras's own, backend-neutral: the model is compiled with
an optimizer that, instead of stepping, keeps the gradient it is handed, and
`train_on_batch` hands it one. 04_relu_gradients.py does the same with a
copy of this small helper, so that each script reads alone.

Choices the course leaves open: 64 units a layer (the effect does not depend
on width: with Glorot weights each layer scales dZ by about sigma'), a batch
of 512 digits (2,048 in full runs), and for "after training" 100 SGD steps of
64 digits at a rate of 0.1 (500 in full runs), a rate at which the last
layers learn. The figure is the same shape on every seed tried (0-3).
"""

import sys

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "Sigmoid's slope is at most 0.25: gradients shrink layer by layer"
HIDDEN = (64,) * 9  # With the output layer, 10 layers of weights.


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    import kzoo.models
    import kzoo.optimizers

    batch_size = setting.pick(512, 2048)
    steps = setting.pick(100, 500)
    (x, y), (x_batch, y_batch) = setting.mnist(train=64 * steps, dev=batch_size)

    z = np.linspace(-8, 8, 1601)
    slope = keras.ops.convert_to_numpy(
        keras.ops.sigmoid(z) * (1 - keras.ops.sigmoid(z))
    )
    slope_max, at = float(slope.max()), float(z[slope.argmax()])

    keras.utils.set_random_seed(setting.seed)
    model = kzoo.models.mlp(
        input_shape=(784,), hidden_units=HIDDEN, activation="sigmoid", compile=False
    )
    at_start = kernel_gradient_norms(model, x_batch, y_batch)
    model.compile(
        optimizer=kzoo.optimizers.sgd(learning_rate=0.1),
        loss="sparse_categorical_crossentropy",
    )
    model.fit(x, y, batch_size=64, epochs=1, verbose=0)
    trained = kernel_gradient_norms(model, x_batch, y_batch)

    figure, axes = new_figure(2, title=TITLE, width=10)
    _plot_slope(axes[0], z, slope, slope_max)
    _plot_norms(
        axes[1], {"at initialisation": at_start, f"after {steps} SGD steps": trained}
    )
    # dW[1] also scales with the input x, larger than a sigmoid layer's A, and
    # dW[10] is the softmax layer's: the factor a layer is taken from hidden
    # layer 9 down to hidden layer 2.
    shrink = (at_start[1] / at_start[-2]) ** (1 / (len(at_start) - 3))
    holds = bool(
        slope_max <= 0.25 + 1e-7
        and at_start[0] < 1e-3 * at_start[-1]
        and trained[0] < 1e-3 * trained[-1]
    )
    values = {"slope_max": slope_max, "slope_max_at": at, "shrink_per_layer": shrink}
    values |= {f"start_layer{i}": n for i, n in enumerate(at_start, 1)}
    values |= {f"trained_layer{i}": n for i, n in enumerate(trained, 1)}
    return Finding(
        claim="sigma'(z) <= 0.25, so the gradients of a deep sigmoid network "
        "shrink layer by layer on their way back to the first layer.",
        measured=(
            f"max sigma'(z) = {slope_max:.4f} at z = {at:+.2f}; ||dW|| from layer "
            f"10 down to 1: {at_start[-1]:.1e} -> {at_start[0]:.1e} at "
            f"initialisation ({shrink:.2f}x a layer, hidden layers 9 -> 2), "
            f"{trained[-1]:.1e} -> {trained[0]:.1e} after {steps} SGD steps."
        ),
        look="Right, on its log axis: the gradient norm falls by about the same "
        "factor, near the ceiling of sigma' (1/4) at every layer down, so the "
        "first layers get a gradient about 10^5 times smaller than the last, "
        "before training and after it.",
        holds=holds,
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


def kernel_gradient_norms(model, x, y):
    """||dW[l]|| (Frobenius) of each Dense kernel, first layer to last: the
    gradient of the model's mean loss on the batch (x, y), from Keras's own
    backprop on any backend. Compiles `model` (its weights stay as they are).
    """
    import keras

    class KeepGradients(keras.optimizers.Optimizer):
        """Stores the gradients it is handed instead of taking a step."""

        def build(self, variables):
            super().build(variables)
            self.kept = [
                self.add_variable_from_reference(v, "gradient") for v in variables
            ]

        def apply(self, grads, trainable_variables=None):
            for kept, gradient in zip(self.kept, grads, strict=True):
                kept.assign(gradient)

    keeper = KeepGradients(learning_rate=0.0)
    # Eagerly: one batch does not repay compiling a graph for it.
    model.compile(
        optimizer=keeper, loss="sparse_categorical_crossentropy", run_eagerly=True
    )
    keeper.build(model.trainable_variables)
    model.train_on_batch(x, y)
    return [
        float(np.linalg.norm(keras.ops.convert_to_numpy(kept.value)))
        for variable, kept in zip(model.trainable_variables, keeper.kept, strict=True)
        if variable.path.endswith("kernel")
    ]


def _plot_slope(axis, z, slope, slope_max):
    sigmoid = 1 / (1 + np.exp(-z))
    axis.plot(z, sigmoid, label=r"$\sigma(z)$")
    axis.plot(z, slope, label=r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$")
    axis.axhline(0.25, color="black", linestyle="--", linewidth=0.8)
    axis.annotate(
        f"max {slope_max:.3f} at z = 0",
        (0, slope_max),
        (1.5, 0.35),
        arrowprops={"arrowstyle": "->"},
    )
    axis.set_xlabel("z (pre-activation)")
    axis.set_ylabel("value")
    axis.set_title(r"The sigmoid's slope $\sigma'$ is at most 1/4")
    axis.legend(loc="upper left", fontsize=8)


def _plot_norms(axis, curves):
    for label, norms in curves.items():
        layers = range(1, len(norms) + 1)
        axis.plot(layers, norms, marker="o", label=label)
    # A guide: a quarter as large at every layer down, from the last hidden.
    start = next(iter(curves.values()))
    top = len(start) - 1
    guide = [start[top - 1] * 0.25 ** (top - layer) for layer in range(1, top + 1)]
    axis.plot(range(1, top + 1), guide, "k:", label=r"$\times 1/4$ a layer (guide)")
    axis.set_yscale("log")
    axis.set_xticks(range(1, len(HIDDEN) + 2))
    axis.set_xlabel("layer l (1 = first hidden, 10 = softmax output)")
    axis.set_ylabel("||dW[l]|| (Frobenius norm, log scale)")
    axis.set_title("Gradient norms, 10-layer sigmoid MLP")
    axis.legend(loc="lower right")


if __name__ == "__main__":
    sys.exit(main(__name__))
