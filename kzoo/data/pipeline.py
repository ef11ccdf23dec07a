"""`make_pipeline`: the course's mini-batches as a tf.data pipeline.

cache -> shuffle (training only) -> batch -> one vectorised map -> prefetch.
Images stay uint8 until after batching, so MNIST's 60,000 images stay 47 MB
in the cache instead of 188 MB of float32; the map casts each batch to
float32 (optionally rescaling) and, for a `placement="pipeline"` spec,
augments it, on the CPU while the model trains on the previous batch.
"""

from kzoo.data import augmentation, warp
from kzoo.validation import check_examples, check_images, check_positive_int, invalid

AUTOTUNE = -1  # tf.data.AUTOTUNE, without importing TensorFlow at import time.


def make_pipeline(
    x,
    y,
    batch_size,
    training,
    augment=None,
    seed=0,
    rescale=None,
    shuffle_buffer=None,
    drop_remainder=False,
    num_classes=None,
):
    """Builds a `tf.data.Dataset` of `(images, labels)` batches.

    Args:
        x: Inputs, e.g. uint8 images `(N, 28, 28)`.
        y: Labels, one per example.
        batch_size: Examples per mini-batch, > 0.
        training: Shuffle and augment (this is training data) or not.
        augment: An `Augmentation` (or its config dict) applied here when its
            placement is `"pipeline"`, and only when `training`. Defaults to
            `None`.
        seed: Seed of the shuffle and the augmentation; the same seed repeats
            the same run, and each epoch still gets a new order and new
            transforms. Defaults to `0`.
        rescale: Factor applied after the cast to float32, e.g. `1 / 255`;
            `None` keeps the raw values (models with `normalize=` expect
            those). Defaults to `None`.
        shuffle_buffer: Shuffle buffer size; `None` shuffles the whole set.
            Defaults to `None`.
        drop_remainder: Yield full batches only. The model then sees one
            batch shape, so a compiled step never compiles again for a
            smaller last batch; since the shuffle comes first, each epoch
            leaves out a different few examples. Needs at least
            `batch_size` examples. Defaults to `False`.
        num_classes: If given, `y` must hold integer class ids below it.
            Defaults to `None`.

    Returns:
        A `tf.data.Dataset`, ready for `model.fit`.
    """
    x, y = check_examples(x, y, num_classes=num_classes)
    batch_size = check_positive_int("batch_size", batch_size)
    spec = augmentation.resolve(augment)
    augmenting = bool(training and spec and spec.placement == "pipeline")
    if augmenting:
        check_images("x", x)
    tf = _tensorflow()

    dataset = tf.data.Dataset.from_tensor_slices((x, y)).cache()
    if training:
        buffer = (
            len(x)
            if shuffle_buffer is None
            else check_positive_int("shuffle_buffer", shuffle_buffer)
        )
        dataset = dataset.shuffle(buffer, seed=seed, reshuffle_each_iteration=True)
    if drop_remainder and len(x) < batch_size:
        raise invalid(
            "batch_size",
            batch_size,
            f"is larger than the {len(x)} examples, and drop_remainder=True "
            "would leave no batch",
        )
    dataset = dataset.batch(batch_size, drop_remainder=bool(drop_remainder))
    scale = 1.0 if rescale is None else float(rescale)
    if augmenting and not spec.is_identity:
        # One seed pair per batch from a seeded stream that re-randomises each
        # epoch: a seeded run repeats, yet no two epochs share transforms.
        seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True)
        dataset = tf.data.Dataset.zip((dataset, seeds.batch(2)))
        dataset = dataset.map(
            lambda batch, pair: _augment(tf, batch, pair, spec, scale),
            num_parallel_calls=AUTOTUNE,
        )
    else:
        dataset = dataset.map(
            lambda images, labels: (tf.cast(images, "float32") * scale, labels),
            num_parallel_calls=AUTOTUNE,
        )
    return dataset.prefetch(AUTOTUNE)


def _augment(tf, batch, seed_pair, spec, scale):
    from kzoo.data import tf_ops

    images, labels = batch
    images = tf.cast(images, "float32") * scale
    size = tf.shape(images)[0]
    uniforms = tf.random.stateless_uniform((size, warp.NUM_PARAMS), seed=seed_pair)
    noise = None
    if spec.elastic_alpha:
        height, width = images.shape[1], images.shape[2]
        noise_seed = seed_pair + tf.constant([1, 0], dtype=seed_pair.dtype)
        noise = tf.random.stateless_uniform((size, 2, height, width), seed=noise_seed)
    return warp.augment(tf_ops, images, uniforms, noise, spec), labels


def _tensorflow():
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ImportError(
            "kzoo.data.make_pipeline builds a tf.data pipeline and needs "
            "TensorFlow. Without it (e.g. JAX on a GPU machine), pass NumPy "
            "arrays to model.fit and place augmentation in the model with "
            'Augmentation(..., placement="model").'
        ) from error
    return tf
