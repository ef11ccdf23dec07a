"""ReLU keeps the gradients of a deep network alive where sigmoid loses them.

The 10-layer MLP of 02_sigmoid_vanishing_gradients.py (9 hidden layers of 64
units and the softmax output), built three times by `kzoo.models.mlp` with
sigmoid, tanh and ReLU hidden units, each with the initialiser the library
picks for it (Glorot for sigmoid and tanh, He for ReLU). On one batch of
MNIST digits at initialisation, the figure shows the norm of every kernel's
gradient dW[l], first layer to last, and beside it the slopes g'(z) that
backprop multiplies in at every layer: sigmoid's is at most 1/4, ReLU's is
exactly 1 wherever a unit is active (and He's weights make up for the half
that are not), so its gradients keep their size all the way down.

tanh's slope is 1 at z = 0, and with Glorot weights its gradients also keep
their size at initialisation (Glorot's scale was derived for it); tanh
loses them once its units saturate (|z| large, slope near 0), which ReLU's
positive side never does. The measurement is at initialisation only, where
the contrast with sigmoid is already five decades.

The gradients are Keras's own, backend-neutral: the model is compiled with
an optimizer that, instead of stepping, keeps the gradient it is handed, and
`train_on_batch` hands it one. The helper is a copy of the one in
02_sigmoid_vanishing_gradients.py (kzoo's public API has no per-layer
gradient call; kzoo.testing's gradient helpers are private), so that each
script reads alone.

Choices the course leaves open: 64 units a layer and a batch of 512 digits
(2,048 in full runs), as in 02. The figure is the same shape on every seed
tried (0-3).
"""

import sys

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "ReLU keeps a deep network's gradients alive; sigmoid does not"
HIDDEN = (64,) * 9  # With the output layer, 10 layers of weights.
ACTIVATIONS = ("sigmoid", "tanh", "relu")


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    import kzoo.models

    batch_size = setting.pick(512, 2048)
    _, (x_batch, y_batch) = setting.mnist(train=0, dev=batch_size)
    norms = {}
    for activation in ACTIVATIONS:
        keras.utils.set_random_seed(setting.seed)
        model = kzoo.models.mlp(
            input_shape=(784,),
            hidden_units=HIDDEN,
            activation=activation,
            compile=False,
        )
        norms[activation] = kernel_gradient_norms(model, x_batch, y_batch)

    figure, axes = new_figure(2, title=TITLE, width=10)
    _plot_norms(axes[0], norms)
    _plot_slopes(axes[1])
    # dW[1] also scales with the input x, so the factor a layer is measured
    # from the last hidden layer (9) down to the second.
    factor = {a: (n[1] / n[-2]) ** (1 / (len(n) - 3)) for a, n in norms.items()}
    first_to_last = {a: n[0] / n[-1] for a, n in norms.items()}
    holds = bool(
        first_to_last["relu"] > 0.1
        and first_to_last["sigmoid"] < 1e-3
        and factor["relu"] > 2 * factor["sigmoid"]
    )
    values = {f"{a}_factor_per_layer": f for a, f in factor.items()}
    values |= {f"{a}_first_to_last": r for a, r in first_to_last.items()}
    values |= {f"{a}_layer{i}": v for a, n in norms.items() for i, v in enumerate(n, 1)}
    return Finding(
        claim="ReLU hidden units keep the gradients of a deep (10-layer) network "
        "alive: the first layer gets a gradient as large as the last, where "
        "sigmoid's shrink layer by layer.",
        measured=(
            "||dW[1]|| / ||dW[10]|| at initialisation: ReLU (He) "
            f"{first_to_last['relu']:.2f}, tanh (Glorot) {first_to_last['tanh']:.2f}, "
            f"sigmoid (Glorot) {first_to_last['sigmoid']:.1e}; per layer down, "
            f"x{factor['relu']:.2f}, x{factor['tanh']:.2f} and "
            f"x{factor['sigmoid']:.2f}."
        ),
        look="Left, on its log axis: the ReLU and tanh lines run level from the "
        "last layer to the first, while sigmoid's falls about fourfold a layer; "
        "right, the slopes that make the difference.",
        holds=holds,
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


# A copy of 02_sigmoid_vanishing_gradients.py's helper (see the docstring).
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


def _plot_norms(axis, norms):
    for activation, values in norms.items():
        init = "He" if activation == "relu" else "Glorot"
        layers = range(1, len(values) + 1)
        axis.plot(layers, values, marker="o", label=f"{activation} ({init})")
    axis.set_yscale("log")
    axis.set_xticks(range(1, len(HIDDEN) + 2))
    axis.set_xlabel("layer l (1 = first hidden, 10 = softmax output)")
    axis.set_ylabel("||dW[l]|| (Frobenius norm, log scale)")
    axis.set_title("Gradient norms at initialisation, 10-layer MLP")
    axis.legend(loc="lower right")


def _plot_slopes(axis):
    z = np.linspace(-4, 4, 801)
    sigmoid = 1 / (1 + np.exp(-z))
    slopes = {
        "sigmoid": sigmoid * (1 - sigmoid),
        "tanh": 1 - np.tanh(z) ** 2,
        "relu": (z > 0).astype(float),
    }
    for activation, slope in slopes.items():
        axis.plot(z, slope, label=f"{activation}: max {slope.max():.2f}")
    axis.set_xlabel("z (pre-activation)")
    axis.set_ylabel("g'(z), the factor backprop multiplies in")
    axis.set_title("Each activation's slope")
    axis.legend(loc="upper left")


if __name__ == "__main__":
    sys.exit(main(__name__))
