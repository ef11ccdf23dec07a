"""The multilayer perceptron: the course's deep fully connected network."""

from kzoo._internal.validation import check_positive_ints
from kzoo.models._registry import register_model
from kzoo.models.recipe import MNIST_SHAPE, Recipe


@register_model
def mlp(
    input_shape=MNIST_SHAPE,
    num_classes=10,
    *,
    hidden_units=(256, 128),
    activation="relu",
    dropout=0.0,
    l2=0.0,
    batch_norm=False,
    kernel_initializer=None,
    normalize=None,
    compile=True,
    optimizer="adam",
    learning_rate=None,
):
    """A fully connected network: [Dense -> (BN) -> g -> (dropout)] * L -> head.

    Args:
        input_shape: Shape of one example; it is flattened. Defaults to
            `(28, 28)`.
        num_classes: 2 for one sigmoid output, more for a softmax. Defaults
            to `10`.
        hidden_units: Units of each hidden layer, in order. Defaults to
            `(256, 128)`.
        activation: Hidden activation; it picks the initialiser (He for the
            ReLU family, Glorot for tanh and sigmoid). Defaults to `"relu"`.
        dropout: Dropout rate after each hidden layer, in [0, 1). Defaults
            to `0.0`.
        l2: L2 factor on every kernel. Defaults to `0.0`.
        batch_norm: Batch-normalise each hidden layer before its activation.
            Defaults to `False`.
        kernel_initializer: Overrides the activation's initialiser. Defaults
            to `None`.
        normalize: Training inputs whose per-feature statistics normalise the
            model's inputs, or `None`. Defaults to `None`.
        compile: Whether to compile with the task's loss. Defaults to `True`.
        optimizer: An optimizer name or instance, see `kzoo.optimizers.get`.
            Defaults to `"adam"`.
        learning_rate: A learning rate or schedule, or `None` for the
            optimizer's default. Defaults to `None`.
    """
    recipe = Recipe(activation, l2, dropout, batch_norm, kernel_initializer)
    hidden_units = check_positive_ints("hidden_units", hidden_units)

    # === Layers ===
    inputs, x = recipe.flat_inputs(input_shape, normalize)
    for index, units in enumerate(hidden_units):
        x = recipe.dense(x, units, name=f"hidden_{index}")
    outputs = recipe.head(x, num_classes)

    # === Model ===
    return recipe.build(
        inputs,
        outputs,
        "mlp",
        num_classes,
        compile=compile,
        optimizer=optimizer,
        learning_rate=learning_rate,
    )
