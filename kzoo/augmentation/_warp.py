"""The augmentation's arithmetic, written once for both placements.

Every function takes `ops`, a NumPy-like namespace: `keras.ops` when the
augmentation runs inside a model (any backend, compiled by XLA), or
`kzoo.data._tf_ops` inside a tf.data pipeline (TensorFlow, whatever the Keras
backend). The randomness comes in as arrays of uniform numbers drawn by the
caller, so both placements apply the very same transform to the same draws,
and so give the same distribution of transforms.

Only gathers, matrix products and elementwise arithmetic are used, all of
which XLA compiles; Keras's RandomRotation and RandomTranslation rely on
TensorFlow's ImageProjectiveTransform op, which it does not.
"""

import math

# Uniform numbers each image needs: rotation, zoom, shift x, shift y, and the
# cutout's centre x and y.
NUM_PARAMS = 6


def augment(ops, images, uniforms, noise, spec):
    """Applies `spec`'s random transforms to a batch of images.

    Args:
        ops: `keras.ops` or `kzoo.data._tf_ops`.
        images: float32 batch `(B, H, W)` or `(B, H, W, C)`.
        uniforms: `(B, NUM_PARAMS)` uniform numbers in [0, 1).
        noise: `(B, 2, H, W)` uniform numbers in [0, 1) for the elastic
            field; ignored when `spec.elastic_alpha` is 0.
        spec: An `Augmentation` (or anything with its attributes).

    Returns:
        The transformed batch, same shape, float32.
    """
    flat = len(images.shape) == 3
    if flat:
        images = ops.expand_dims(images, -1)
    height, width = images.shape[1], images.shape[2]
    x, y = _affine_coordinates(ops, uniforms, spec, height, width)
    if spec.elastic_alpha:
        dx, dy = _elastic_field(ops, noise, spec, height, width)
        x, y = x + dx, y + dy
    out = _bilinear(ops, images, x, y)
    if spec.cutout:
        out = out * ops.expand_dims(_keep_mask(ops, uniforms, spec, height, width), -1)
    return out[..., 0] if flat else out


def _grid(ops, height, width):
    rows = ops.cast(ops.arange(height), "float32")
    cols = ops.cast(ops.arange(width), "float32")
    return ops.reshape(rows, (1, height, 1)), ops.reshape(cols, (1, 1, width))


def _column(uniforms, index):
    # One parameter per image, shaped to broadcast over (B, H, W).
    return uniforms[:, index][:, None, None] * 2.0 - 1.0


def _affine_coordinates(ops, uniforms, spec, height, width):
    """Where each output pixel samples the input: rotate, zoom, shift."""
    angle = _column(uniforms, 0) * (spec.rotation * math.pi / 180.0)
    scale = 1.0 + _column(uniforms, 1) * spec.zoom
    shift_x = _column(uniforms, 2) * (spec.translation * width)
    shift_y = _column(uniforms, 3) * (spec.translation * height)
    rows, cols = _grid(ops, height, width)
    centre_y, centre_x = (height - 1) / 2.0, (width - 1) / 2.0
    px, py = cols - centre_x, rows - centre_y
    cos, sin = ops.cos(angle), ops.sin(angle)
    x = (cos * px + sin * py) / scale + centre_x - shift_x
    y = (cos * py - sin * px) / scale + centre_y - shift_y
    return x, y


def gaussian_matrix(size, sigma):
    """A `(size, size)` row-normalised Gaussian smoothing matrix, as lists."""
    rows = []
    for i in range(size):
        weights = [math.exp(-0.5 * ((i - j) / sigma) ** 2) for j in range(size)]
        total = sum(weights)
        rows.append([w / total for w in weights])
    return rows


def _elastic_field(ops, noise, spec, height, width):
    """Simard et al. (2003): smoothed uniform noise, scaled by alpha."""
    # Separable Gaussian smoothing as two small matrix products, which every
    # backend and XLA handle alike (no convolution op needed).
    smooth_rows = ops.convert_to_tensor(gaussian_matrix(height, spec.elastic_sigma))
    smooth_cols = ops.convert_to_tensor(gaussian_matrix(width, spec.elastic_sigma))
    field = noise * 2.0 - 1.0  # (B, 2, H, W)
    field = ops.matmul(ops.matmul(smooth_rows, field), ops.transpose(smooth_cols))
    return field[:, 0] * spec.elastic_alpha, field[:, 1] * spec.elastic_alpha


def _bilinear(ops, images, x, y):
    """Samples `images` at (x, y) bilinearly; outside the image reads 0."""
    batch, height, width, channels = (
        ops.shape(images)[0],
        images.shape[1],
        images.shape[2],
        images.shape[3],
    )
    pixels = ops.reshape(images, (-1, channels))
    base = ops.reshape(ops.arange(batch) * (height * width), (-1, 1, 1))
    x0, y0 = ops.floor(x), ops.floor(y)
    out = 0.0
    for dy in (0.0, 1.0):
        for dx in (0.0, 1.0):
            xc, yc = x0 + dx, y0 + dy
            weight = (1.0 - ops.abs(x - xc)) * (1.0 - ops.abs(y - yc))
            inside = (xc >= 0) & (xc <= width - 1) & (yc >= 0) & (yc <= height - 1)
            weight = weight * ops.cast(inside, "float32")
            xi = ops.cast(ops.clip(xc, 0, width - 1), "int32")
            yi = ops.cast(ops.clip(yc, 0, height - 1), "int32")
            index = ops.reshape(base + yi * width + xi, (-1,))
            values = ops.reshape(ops.take(pixels, index, axis=0), ops.shape(images))
            out = out + values * ops.expand_dims(weight, -1)
    return out


def _keep_mask(ops, uniforms, spec, height, width):
    """0 inside a `cutout`-sided square at a random centre, 1 elsewhere."""
    rows, cols = _grid(ops, height, width)
    centre_x = uniforms[:, 4][:, None, None] * width
    centre_y = uniforms[:, 5][:, None, None] * height
    half = spec.cutout / 2.0
    inside = (ops.abs(cols + 0.5 - centre_x) < half) & (
        ops.abs(rows + 0.5 - centre_y) < half
    )
    return 1.0 - ops.cast(inside, "float32")
