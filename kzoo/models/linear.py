"""Linear models: logistic regression (binary) and softmax regression.

Both are one Dense layer on the flattened input. They differ only in their
default task: `logistic_regression` is the course's binary classifier with a
sigmoid unit, `softmax_regression` its multiclass generalisation.
"""

from kzoo.models._registry import register_model
from kzoo.models.recipe import MNIST_SHAPE, Recipe


def _linear(name, input_shape, num_classes, l2, normalize, **compile_args):
    recipe = Recipe(activation="linear", l2=l2)
    inputs, x = recipe.flat_inputs(input_shape, normalize)
    outputs = recipe.head(x, num_classes)
    return recipe.build(inputs, outputs, name, num_classes, **compile_args)


@register_model
def logistic_regression(
    input_shape=MNIST_SHAPE,
    num_classes=2,
    *,
    l2=0.0,
    normalize=None,
    compile=True,
    optimizer="adam",
    learning_rate=None,
):
    """Logistic regression: y_hat = sigmoid(w.x + b).

    Args:
        input_shape: Shape of one example; it is flattened. Defaults to
            `(28, 28)`.
        num_classes: 2 for the binary task. More classes give multinomial
            logistic (softmax) regression. Defaults to `2`.
        l2: L2 factor on the weights. Defaults to `0.0`.
        normalize: Training inputs whose per-feature mean and variance
            normalise the model's inputs, or `None`. Defaults to `None`.
        compile: Whether to compile with the task's loss. Defaults to `True`.
        optimizer: An optimizer name or instance, see `kzoo.optimizers.get`.
            Defaults to `"adam"`.
        learning_rate: A learning rate or schedule for `optimizer`, or `None`
            for its default. Defaults to `None`.
    """
    return _linear(
        "logistic_regression",
        input_shape,
        num_classes,
        l2,
        normalize,
        compile=compile,
        optimizer=optimizer,
        learning_rate=learning_rate,
    )


@register_model
def softmax_regression(
    input_shape=MNIST_SHAPE,
    num_classes=10,
    *,
    l2=0.0,
    normalize=None,
    compile=True,
    optimizer="adam",
    learning_rate=None,
):
    """Softmax regression: y_hat = softmax(W.x + b).

    Takes the same arguments as `logistic_regression`; `num_classes`
    defaults to `10`, and `num_classes=2` gives the binary sigmoid model.
    """
    return _linear(
        "softmax_regression",
        input_shape,
        num_classes,
        l2,
        normalize,
        compile=compile,
        optimizer=optimizer,
        learning_rate=learning_rate,
    )
