"""`make_pipeline`: the course's mini-batches as a tf.data pipeline.

cache -> shuffle (training only) -> batch -> one vectorised map -> prefetch.
Images stay uint8 until after batching, so MNIST's 60,000 images stay 47 MB
in the cache instead of 188 MB of float32; the map casts each batch to
float32 (optionally rescaling) and, for a `placement="pipeline"` spec,
augments it, on the CPU while the model trains on the previous batch.
"""

from kzoo._internal import seeding
from kzoo._internal.validation import (
    check_examples,
    check_images,
    check_non_negative_int,
    check_positive,
    check_positive_int,
    invalid,
)
from kzoo.augmentation import _warp as warp
from kzoo.augmentation import spec as augmentation

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
    first_epoch=None,
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
        first_epoch: `None` gives one pass over the data per iteration, as
            Keras expects by default. An integer k gives an endless stream
            of epochs k, k + 1, ..., each shuffled and augmented from
            `(seed, epoch)` alone, so a run resumed at epoch k sees exactly
            what an uninterrupted run saw there; pass `steps_per_epoch` to
            `fit` (with `drop_remainder=True`, `len(x) // batch_size`).
            Each epoch is a full shuffle (`shuffle_buffer` does not apply).
            Training only. Defaults to `None`.

    Returns:
        A `tf.data.Dataset`, ready for `model.fit`.
    """
    x, y = check_examples(x, y, num_classes=num_classes)
    batch_size = check_positive_int("batch_size", batch_size)
    if rescale is not None:
        rescale = check_positive("rescale", rescale)
    spec = augmentation.resolve(augment)
    augmenting = bool(training and spec and spec.placement == "pipeline")
    if augmenting:
        check_images("x", x)
    tf = _tensorflow()

    if drop_remainder and len(x) < batch_size:
        raise invalid(
            "batch_size",
            batch_size,
            f"is larger than the {len(x)} examples, and drop_remainder=True "
            "would leave no batch",
        )
    buffer = len(x)
    if shuffle_buffer is not None:
        buffer = check_positive_int("shuffle_buffer", shuffle_buffer)
    stages = _Stages(
        tf, batch_size, bool(drop_remainder), seed, augmenting and spec, rescale
    )
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).cache()
    if not training:
        return stages.finish(dataset.batch(batch_size), None).prefetch(AUTOTUNE)
    if first_epoch is None:
        # One pass per iteration, reshuffled by tf.data's own seeded stream.
        shuffled = dataset.shuffle(buffer, seed=seed, reshuffle_each_iteration=True)
        batched = shuffled.batch(batch_size, drop_remainder=bool(drop_remainder))
        pairs = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True)
        return stages.finish(batched, pairs.batch(2)).prefetch(AUTOTUNE)
    first_epoch = check_non_negative_int("first_epoch", first_epoch)
    images, labels = tf.constant(x), tf.constant(y)
    epochs = tf.data.Dataset.counter(start=first_epoch)
    stream = epochs.flat_map(lambda epoch: stages.epoch(images, labels, epoch))
    return stream.prefetch(AUTOTUNE)


class _Stages:
    """Shuffle, batch, augment and cast, shared by the pipeline's modes."""

    def __init__(self, tf, batch_size, drop_remainder, seed, spec, rescale):
        self.tf, self.batch_size, self.drop_remainder = tf, batch_size, drop_remainder
        self.seed, self.spec = seed, spec or None
        self.scale = 1.0 if rescale is None else float(rescale)

    def epoch(self, images, labels, epoch):
        # Everything random here is a function of (seed, epoch) alone, so
        # epoch k is the same whether the run started at 0 or resumed at k.
        # (A full shuffle: tf.data's shuffle takes no per-epoch seed tensor
        # once a global seed is set, so the order is a stateless permutation.)
        tf = self.tf
        key = tf.stack([tf.constant(self.seed, tf.int64), epoch])
        draws = tf.random.stateless_uniform(tf.shape(labels)[:1], seed=key)
        order = tf.data.Dataset.from_tensor_slices(tf.argsort(draws))
        batched = order.batch(self.batch_size, drop_remainder=self.drop_remainder).map(
            lambda index: (tf.gather(images, index), tf.gather(labels, index))
        )
        stream = seeding.mix(key[0], key[1])
        pairs = tf.data.Dataset.counter().map(lambda i: tf.stack([stream, i]))
        return self.finish(batched, pairs)

    def finish(self, batched, seed_pairs):
        tf, spec, scale = self.tf, self.spec, self.scale
        if spec is not None and not spec.is_identity and seed_pairs is not None:
            # One seed pair per batch: a seeded run repeats, yet no two
            # epochs share transforms.
            return tf.data.Dataset.zip((batched, seed_pairs)).map(
                lambda batch, pair: _augment(tf, batch, pair, spec, scale),
                num_parallel_calls=AUTOTUNE,
            )
        return batched.map(
            lambda images, labels: (tf.cast(images, "float32") * scale, labels),
            num_parallel_calls=AUTOTUNE,
        )


def _augment(tf, batch, seed_pair, spec, scale):
    from kzoo.data import _tf_ops as tf_ops

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
