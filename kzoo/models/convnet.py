"""The keras.io "Simple MNIST convnet", kept exactly as the reference.

https://keras.io/examples/vision/mnist_convnet/ : Conv(32, 3x3) -> max pool ->
Conv(64, 3x3) -> max pool -> flatten -> dropout 0.5 -> softmax; 34,826
parameters for 10 classes. kzoo's speed and accuracy figures are reported as
ratios against it, so its defaults reproduce the published model, including
Keras's default Glorot-uniform kernels where the course's rule would pick He.
"""

import keras

from kzoo._internal.validation import check_positive_ints
from kzoo.models._builder import zoo_model


@zoo_model(dropout=0.5, kernel_initializer="glorot_uniform")
def simple_convnet(blocks, *, filters=(32, 64)):
    """The keras.io "Simple MNIST convnet".

    Args:
        input_shape: `(height, width)` or `(height, width, channels)`, at
            least 10x10.
        filters: Filters of the two 3x3 convolutions.
        dropout: Dropout before the output layer, in [0, 1).
        batch_norm: Batch-normalise before each activation (not in the
            published model).
        kernel_initializer: The published model's Glorot-uniform; pass `None`
            to follow the activation as the course does.
        normalize: Training images whose statistics normalise the model's
            inputs, or `None` (the published model scales pixels to [0, 1]
            outside the model).
    """
    first, second = check_positive_ints("filters", filters, length=2)

    # === Layers ===
    inputs, x = blocks.image_inputs(min_size=10)
    x = blocks.pool(blocks.conv(x, first, 3, padding="valid"))
    x = blocks.pool(blocks.conv(x, second, 3, padding="valid"))
    x = keras.layers.Flatten()(x)
    return inputs, blocks.drop(x)
