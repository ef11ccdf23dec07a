"""The keras.io "Simple MNIST convnet", kept exactly as the reference.

https://keras.io/examples/vision/mnist_convnet/ : Conv(32, 3x3) -> max pool ->
Conv(64, 3x3) -> max pool -> flatten -> dropout 0.5 -> softmax; 34,826
parameters for 10 classes. kzoo's speed and accuracy figures are reported as
ratios against it, so its defaults reproduce the published model, including
Keras's default Glorot-uniform kernels where the course recipe would pick He.
"""

import keras

from kzoo._internal.validation import check_positive_ints
from kzoo.models._registry import register_model
from kzoo.models.recipe import MNIST_SHAPE, Recipe


@register_model
def simple_convnet(
    input_shape=MNIST_SHAPE,
    num_classes=10,
    *,
    filters=(32, 64),
    activation="relu",
    dropout=0.5,
    l2=0.0,
    batch_norm=False,
    kernel_initializer="glorot_uniform",
    normalize=None,
    augment=None,
    compile=True,
    optimizer="adam",
    learning_rate=None,
):
    """The keras.io "Simple MNIST convnet".

    Args:
        input_shape: `(height, width)` or `(height, width, channels)`, at
            least 10x10. Defaults to `(28, 28)`.
        num_classes: 2 for one sigmoid output, more for a softmax. Defaults
            to `10`.
        filters: Filters of the two 3x3 convolutions. Defaults to `(32, 64)`.
        activation: Convolution activation. Defaults to `"relu"`.
        dropout: Dropout before the output layer, in [0, 1). Defaults to
            `0.5`.
        l2: L2 factor on every kernel. Defaults to `0.0`.
        batch_norm: Batch-normalise before each activation (not in the
            published model). Defaults to `False`.
        kernel_initializer: The published model's Glorot-uniform; pass
            `None` to follow the activation as the course recipe does.
            Defaults to `"glorot_uniform"`.
        normalize: Training images whose statistics normalise the model's
            inputs, or `None` (the published model scales pixels to [0, 1]
            outside the model). Defaults to `None`.
        augment: A `kzoo.data.Augmentation`; with `placement="model"` it
            becomes the model's first layer (active in training only), and a
            `"pipeline"` spec is left to `kzoo.data.make_pipeline`. Defaults
            to `None`.
        compile: Whether to compile with the task's loss. Defaults to `True`.
        optimizer: An optimizer name or instance. Defaults to `"adam"`.
        learning_rate: A learning rate or schedule, or `None`. Defaults to
            `None`.
    """
    recipe = Recipe(activation, l2, dropout, batch_norm, kernel_initializer)
    first, second = check_positive_ints("filters", filters, length=2)
    inputs, x = recipe.image_inputs(
        input_shape, normalize, min_size=10, augment=augment
    )

    # === Layers ===
    x = recipe.pool(recipe.conv(x, first, 3, padding="valid"))
    x = recipe.pool(recipe.conv(x, second, 3, padding="valid"))
    x = keras.layers.Flatten()(x)
    x = recipe.drop(x)
    outputs = recipe.head(x, num_classes)

    # === Model ===
    return recipe.build(
        inputs,
        outputs,
        "simple_convnet",
        num_classes,
        compile=compile,
        optimizer=optimizer,
        learning_rate=learning_rate,
    )
