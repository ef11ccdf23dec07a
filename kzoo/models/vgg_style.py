"""kzoo's own MNIST CNN: VGG-style stages of 3x3 convolutions with batch norm.

Designed for two targets held against it later: >= 99.6% test accuracy with
augmentation, and 99% within 30 s of training on 2 CPU cores. Batch norm lets
Adam take large steps, so one epoch already reaches about 99%; each stage
halves the image, so the costly wide layers run on small maps; and global
average pooling keeps the head to a few thousand weights. `filters` is the
speed/accuracy dial: the defaults aim at accuracy, narrower stages at speed
(`mnist_cnn_narrow`).
"""

import keras

from kzoo._internal.validation import check_flags, check_positive_ints
from kzoo.models._builder import variant, zoo_model


@zoo_model(dropout=0.25)
def mnist_cnn(blocks, *, filters=(32, 64, 128), convs_per_stage=2, batch_norm=True):
    """Stages of [3x3 conv -> BN -> g] * n, each ending in 2x2 max pooling.

    Args:
        input_shape: `(height, width)` or `(height, width, channels)`; each
            side at least 2 ** len(filters).
        filters: Filters of each stage's convolutions.
        convs_per_stage: 3x3 convolutions per stage: one integer for every
            stage, or one per stage.
        dropout: Dropout before the output layer, in [0, 1).
        batch_norm: Batch-normalise before each activation: one boolean for
            every stage, or one per stage. Batch norm is the costly layer on
            CPUs (TensorFlow has no fused kernel in Keras 3), most of all at
            full resolution, so a fast model may skip it in the first stage.
    """
    filters = check_positive_ints("filters", filters, allow_empty=False)
    batch_norm = check_flags("batch_norm", batch_norm, len(filters))
    convs_per_stage = check_positive_ints("convs_per_stage", convs_per_stage)
    if len(convs_per_stage) == 1:
        convs_per_stage *= len(filters)
    convs_per_stage = check_positive_ints(
        "convs_per_stage", convs_per_stage, length=len(filters)
    )

    # === Layers ===
    inputs, x = blocks.image_inputs(min_size=2 ** len(filters))
    stages = zip(filters, convs_per_stage, batch_norm, strict=True)
    for stage, (width, convs, normalized) in enumerate(stages):
        for index in range(convs):
            name = f"stage{stage}_conv{index}"
            x = blocks.conv(x, width, 3, name=name, batch_norm=normalized)
        x = blocks.pool(x, "max")
    x = keras.layers.GlobalAveragePooling2D(name="average_pool")(x)
    return inputs, blocks.drop(x)


mnist_cnn_narrow = variant(
    "mnist_cnn_narrow",
    mnist_cnn,
    """`mnist_cnn` narrowed for speed: 99% on MNIST in two epochs.

    Narrow stages, the extra convolution on the cheap 7x7 stage, and no batch
    norm at full resolution, where on 2 CPU cores it cost more than the
    convolutions. The speedrun's network until `mnist_speedrun_cnn` (see
    kzoo/models/speedrun.py) took its place at less than half the cost per image.""",
    filters=(12, 24, 48),
    convs_per_stage=(1, 1, 2),
    batch_norm=(False, True, True),
    dropout=0.0,
)
