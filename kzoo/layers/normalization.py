"""Input normalisation inside the model, from training-set statistics.

The course normalises inputs with the mean and variance of the training set
and reuses those same numbers on dev and test data. Putting the statistics in
a `keras.layers.Normalization` layer makes a saved model carry them, so it
normalises its own inputs wherever it is loaded.

What counts as a feature: the entries of a vector, but the channels of an
image. Every pixel of a channel measures the same thing, and per-pixel
statistics give a pixel that is almost always blank a tiny variance, so a
digit that does touch it (an augmented or unusual one) puts it hundreds of
standard deviations out: kzoo's MLP recipe then started with batch losses of
40-90 and a first-epoch training loss five times its dev loss. The builders
therefore pass images' channel shape (one mean and variance for all the
pixels of MNIST), and vectors' feature shape.

Why not `Normalization.adapt`: Keras divides by max(std, 1e-7), so a feature
that is constant in training (MNIST's border pixels are always 0) would turn a
stray non-zero test value into ~1e9. Like scikit-learn's StandardScaler, kzoo
gives zero-variance features a variance of 1 instead.
"""

import keras
import numpy as np

from kzoo._internal.validation import invalid

# Rows per chunk when accumulating statistics, so that a uint8 data set is
# never copied whole into float64 (60k MNIST images would take 376 MB).
_CHUNK = 4096


def feature_statistics(data, feature_shape, name="normalize"):
    """Returns per-channel mean and variance of `data`, as float32 arrays.

    Args:
        data: Training inputs, shaped `(num_samples, *input_shape)`.
        feature_shape: How the model sees one sample after flattening or
            adding a channel axis; statistics are taken over every axis but
            the last.
        name: The argument name used in error messages.
    """
    data = np.asarray(data)
    size = int(np.prod(feature_shape))
    if data.ndim < 2 or data.shape[0] == 0 or data[0].size != size:
        raise invalid(
            name,
            f"<array of shape {data.shape}>",
            f"must hold training samples of the model's input shape "
            f"{tuple(feature_shape)} (or any shape with {size} values per sample)",
        )
    if not np.issubdtype(data.dtype, np.number) or data.dtype == np.bool_:
        raise invalid(name, f"<array of dtype {data.dtype}>", "must be numeric")
    mean, variance = _chunked_moments(data.reshape(-1, feature_shape[-1]))
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(variance))):
        raise invalid(name, "<array with NaN or Inf>", "must hold finite values")
    # A feature constant in training carries no signal: centre it, don't scale.
    variance[variance <= 1e-12 * max(1.0, float(np.max(variance)))] = 1.0
    return mean.astype("float32"), variance.astype("float32")


def _chunked_moments(rows):
    # Chan et al.'s pairwise update: exact in float64 even when the mean is
    # large against the spread, unlike E[x^2] - E[x]^2.
    count, mean, m2 = 0, np.zeros(rows.shape[-1]), np.zeros(rows.shape[-1])
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK].astype(np.float64)
        n, chunk_mean = len(chunk), chunk.mean(axis=0)
        delta = chunk_mean - mean
        m2 += np.square(chunk - chunk_mean).sum(axis=0)
        m2 += np.square(delta) * count * n / (count + n)
        count += n
        mean += delta * n / count
    return mean, m2 / count


def normalization_layer(data, feature_shape=None, name="normalize"):
    """Returns a `Normalization` layer fixed to the statistics of `data`.

    Args:
        data: Training inputs only, `(num_samples, ...)`; dev and test data
            must never reach here, or their statistics leak into the model.
        feature_shape: How the model sees one sample; statistics are taken
            per entry of its last axis (per channel of `(H, W, C)` images,
            per feature of vectors), and `data` must fit it. A last axis of
            1 (a single channel) gives one mean and variance for every
            value. `None` takes one global mean and variance too, whatever
            the shape of `data`. Defaults to `None`.
        name: The argument name used in error messages. Defaults to
            `"normalize"`.
    """
    if feature_shape is None:
        feature_shape = (int(np.prod(np.shape(data)[1:], dtype=int)), 1)
    mean, variance = feature_statistics(data, feature_shape, name=name)
    if feature_shape[-1] == 1:  # One channel: scalars, for any input rank.
        return keras.layers.Normalization(
            axis=None, mean=mean[0], variance=variance[0], name="input_normalization"
        )
    return keras.layers.Normalization(
        axis=-1, mean=mean, variance=variance, name="input_normalization"
    )
