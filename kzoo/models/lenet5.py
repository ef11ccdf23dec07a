"""LeNet-5 (LeCun et al., 1998), as the course presents it.

C1: 6 filters 5x5 -> pool -> C3: 16 filters 5x5 -> pool -> 120 -> 84 -> out.
LeCun padded 28x28 digits to 32x32; a "same"-padded C1 does the same job.
The defaults are the modern reading the course recommends, ReLU and max
pooling; `activation="tanh", pooling="average"` gives the 1998 flavour.
"""

import keras

from kzoo._internal.validation import check_positive_ints
from kzoo.models._registry import register_model
from kzoo.models.recipe import MNIST_SHAPE, Recipe


@register_model
def lenet5(
    input_shape=MNIST_SHAPE,
    num_classes=10,
    *,
    filters=(6, 16),
    dense_units=(120, 84),
    activation="relu",
    pooling="max",
    dropout=0.0,
    l2=0.0,
    batch_norm=False,
    kernel_initializer=None,
    normalize=None,
    augment=None,
    compile=True,
    optimizer="adam",
    learning_rate=None,
):
    """LeNet-5: two 5x5 convolutions with pooling, then two dense layers.

    Args:
        input_shape: `(height, width)` or `(height, width, channels)`, at
            least 12x12. Defaults to `(28, 28)`.
        num_classes: 2 for one sigmoid output, more for a softmax. Defaults
            to `10`.
        filters: Filters of C1 and C3. Defaults to `(6, 16)`.
        dense_units: Units of the two dense layers. Defaults to `(120, 84)`.
        activation: Hidden activation; it picks the initialiser. Defaults to
            `"relu"`.
        pooling: `"max"` or `"average"`. Defaults to `"max"`.
        dropout: Dropout after each dense layer, in [0, 1). Defaults to `0.0`.
        l2: L2 factor on every kernel. Defaults to `0.0`.
        batch_norm: Batch-normalise before each hidden activation. Defaults
            to `False`.
        kernel_initializer: Overrides the activation's initialiser. Defaults
            to `None`.
        normalize: Training images whose per-channel statistics normalise the
            model's inputs, or `None`. Defaults to `None`.
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
    c1, c3 = check_positive_ints("filters", filters, length=2)
    f5, f6 = check_positive_ints("dense_units", dense_units, length=2)

    # === Layers ===
    # 12x12 is the least that leaves C3 (5x5, valid) a 2x2 map to pool.
    inputs, x = recipe.image_inputs(
        input_shape, normalize, min_size=12, augment=augment
    )
    x = recipe.pool(recipe.conv(x, c1, 5, padding="same", name="c1"), pooling)
    x = recipe.pool(recipe.conv(x, c3, 5, padding="valid", name="c3"), pooling)
    x = keras.layers.Flatten()(x)
    x = recipe.dense(x, f5, name="f5")
    x = recipe.dense(x, f6, name="f6")
    outputs = recipe.head(x, num_classes)

    # === Model ===
    return recipe.build(
        inputs,
        outputs,
        "lenet5",
        num_classes,
        compile=compile,
        optimizer=optimizer,
        learning_rate=learning_rate,
    )
