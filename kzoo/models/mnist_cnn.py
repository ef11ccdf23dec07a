"""kzoo's own MNIST CNN: VGG-style stages of 3x3 convolutions with batch norm.

Designed for two targets held against it later: >= 99.6% test accuracy with
augmentation, and 99% within 30 s of training on 2 CPU cores. Batch norm lets
Adam take large steps, so one epoch already reaches about 99%; each stage
halves the image, so the costly wide layers run on small maps; and global
average pooling keeps the head to a few thousand weights. `filters` is the
speed/accuracy dial: the defaults aim at accuracy, narrower stages at speed.
"""

import keras

from kzoo._internal.validation import check_positive_ints, invalid
from kzoo.models._registry import register_model
from kzoo.models.recipe import MNIST_SHAPE, Recipe


@register_model
def mnist_cnn(
    input_shape=MNIST_SHAPE,
    num_classes=10,
    *,
    filters=(32, 64, 128),
    convs_per_stage=2,
    activation="relu",
    dropout=0.25,
    l2=0.0,
    batch_norm=True,
    kernel_initializer=None,
    normalize=None,
    augment=None,
    compile=True,
    optimizer="adam",
    learning_rate=None,
):
    """Stages of [3x3 conv -> BN -> g] * n, each ending in 2x2 max pooling.

    Args:
        input_shape: `(height, width)` or `(height, width, channels)`; each
            side at least 2 ** len(filters). Defaults to `(28, 28)`.
        num_classes: 2 for one sigmoid output, more for a softmax. Defaults
            to `10`.
        filters: Filters of each stage's convolutions. Defaults to
            `(32, 64, 128)`.
        convs_per_stage: 3x3 convolutions per stage: one integer for every
            stage, or one per stage. Defaults to `2`.
        activation: Hidden activation; it picks the initialiser. Defaults to
            `"relu"`.
        dropout: Dropout before the output layer, in [0, 1). Defaults to
            `0.25`.
        l2: L2 factor on every kernel. Defaults to `0.0`.
        batch_norm: Batch-normalise before each activation: one boolean for
            every stage, or one per stage. Batch norm is the costly layer on
            CPUs (TensorFlow has no fused kernel in Keras 3), most of all at
            full resolution, so a fast model may skip it in the first stage.
            Defaults to `True`.
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
    filters = check_positive_ints("filters", filters, allow_empty=False)
    batch_norm = _per_stage_flags("batch_norm", batch_norm, len(filters))
    recipe = Recipe(activation, l2, dropout, any(batch_norm), kernel_initializer)
    convs_per_stage = check_positive_ints("convs_per_stage", convs_per_stage)
    if len(convs_per_stage) == 1:
        convs_per_stage *= len(filters)
    convs_per_stage = check_positive_ints(
        "convs_per_stage", convs_per_stage, length=len(filters)
    )
    min_size = 2 ** len(filters)
    inputs, x = recipe.image_inputs(
        input_shape, normalize, min_size=min_size, augment=augment
    )

    # === Layers ===
    stages = zip(filters, convs_per_stage, batch_norm, strict=True)
    for stage, (width, convs, normalized) in enumerate(stages):
        for index in range(convs):
            name = f"stage{stage}_conv{index}"
            x = recipe.conv(x, width, 3, name=name, batch_norm=normalized)
        x = recipe.pool(x, "max")
    x = keras.layers.GlobalAveragePooling2D(name="average_pool")(x)
    x = recipe.drop(x)
    outputs = recipe.head(x, num_classes)

    # === Model ===
    return recipe.build(
        inputs,
        outputs,
        "mnist_cnn",
        num_classes,
        compile=compile,
        optimizer=optimizer,
        learning_rate=learning_rate,
    )


def _per_stage_flags(name, value, stages):
    if isinstance(value, (bool, int)):
        return (bool(value),) * stages
    flags = tuple(value) if isinstance(value, (list, tuple)) else None
    if (
        flags is None
        or len(flags) != stages
        or not all(isinstance(f, (bool, int)) for f in flags)
    ):
        raise invalid(
            name, value, f"must be a boolean or {stages} booleans, one per stage"
        )
    return tuple(bool(f) for f in flags)


# Named variants, timm-style: a variant is its architecture's arguments, kept
# here beside the architecture rather than inside a recipe.
SPEEDRUN_ARGS = {
    # Narrow stages, the extra convolution on the cheap 7x7 stage, and no
    # batch norm at full resolution, where on 2 CPU cores it cost more than
    # the convolutions (see BENCHMARKS.md).
    "filters": (12, 24, 48),
    "convs_per_stage": (1, 1, 2),
    "batch_norm": (False, True, True),
    "dropout": 0.0,
}


@register_model
def mnist_speedrun_cnn(input_shape=MNIST_SHAPE, num_classes=10, **kwargs):
    """`mnist_cnn` narrowed for speed: 99% on MNIST in seconds (the speedrun).

    Takes `mnist_cnn`'s arguments; those given override the variant's.
    """
    return mnist_cnn(input_shape, num_classes, **{**SPEEDRUN_ARGS, **kwargs})
