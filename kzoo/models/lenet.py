"""LeNet-5 (LeCun et al., 1998), as the course presents it.

C1: 6 filters 5x5 -> pool -> C3: 16 filters 5x5 -> pool -> 120 -> 84 -> out.
LeCun padded 28x28 digits to 32x32; a "same"-padded C1 does the same job.
The defaults are the modern reading the course recommends, ReLU and max
pooling; `activation="tanh", pooling="average"` gives the 1998 flavour.
"""

import keras

from kzoo._internal.validation import check_positive_ints
from kzoo.models._builder import zoo_model


@zoo_model
def lenet5(blocks, *, filters=(6, 16), dense_units=(120, 84), pooling="max"):
    """LeNet-5: two 5x5 convolutions with pooling, then two dense layers.

    Args:
        input_shape: `(height, width)` or `(height, width, channels)`, at
            least 12x12.
        filters: Filters of C1 and C3.
        dense_units: Units of the two dense layers.
        pooling: `"max"` or `"average"`.
    """
    c1, c3 = check_positive_ints("filters", filters, length=2)
    f5, f6 = check_positive_ints("dense_units", dense_units, length=2)

    # === Layers ===
    # 12x12 is the least that leaves C3 (5x5, valid) a 2x2 map to pool.
    inputs, x = blocks.image_inputs(min_size=12)
    x = blocks.pool(blocks.conv(x, c1, 5, padding="same", name="c1"), pooling)
    x = blocks.pool(blocks.conv(x, c3, 5, padding="valid", name="c3"), pooling)
    x = keras.layers.Flatten()(x)
    x = blocks.dense(x, f5, name="f5")
    x = blocks.dense(x, f6, name="f6")
    return inputs, x
