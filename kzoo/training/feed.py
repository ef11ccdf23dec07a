"""How the training split reaches `fit`: a tf.data stream, or NumPy arrays.

Where TensorFlow is installed, a tf.data pipeline indexed by epoch feeds
`fit`, with a `placement="pipeline"` augmentation on the CPU. Without it (JAX
on the GPU machines) `fit` takes the NumPy arrays, and such an augmentation
moves into the model: the same spec with `placement="model"` draws the same
distribution of transforms (`kzoo.augmentation.warp` does both), so the run
is the one its recipe describes. `place_augmentation` decides this before the
model is built, and says so. With several processes, each feeds its slice of
every global batch (`kzoo.distribution`).
"""

import dataclasses

from kzoo.data import make_pipeline
from kzoo.distribution import local_share, process_count, process_index

NO_TENSORFLOW = "model (no TensorFlow for tf.data)"


ON_DEVICE = "model (the device loop has no tf.data pipeline)"


def place_augmentation(spec, recipe_name, loop="fit"):
    """Returns `(spec to apply, where it runs)`; the place is None without one.

    A `placement="pipeline"` spec stays there where TensorFlow is installed
    and `fit` trains; otherwise it moves into the model, with one line
    printed.
    """
    if spec is None:
        return None, None
    if spec.placement == "model" or (has_tensorflow() and loop == "fit"):
        return spec, spec.placement
    why, place = (
        ("the device loop has no tf.data pipeline", ON_DEVICE)
        if loop == "device"
        else ("no TensorFlow for the tf.data pipeline", NO_TENSORFLOW)
    )
    print(
        f"{recipe_name}: {why}, so its augmentation runs in the model "
        "instead (the same transforms)"
    )
    return dataclasses.replace(spec, placement="model"), place


def steps_per_epoch(examples, batch_size):
    """Full batches only (see `training_data`), or one smaller batch."""
    return max(examples // batch_size, 1)


def training_data(train, batch_size, spec, seed, first_epoch):
    """The training arguments of `fit`: `x`, `y` and how to batch them.

    Full batches only (where there is more than one batch), so that a
    compiled train step never compiles again for a smaller last batch: on the
    GPU that second compilation took longer than a whole epoch.
    """
    full = len(train[0]) >= batch_size
    if not has_tensorflow():
        # Keras cannot drop a remainder from arrays: leave out the last few
        # images of the (shuffled) split instead, the same few every epoch.
        used = len(train[0]) // batch_size * batch_size if full else None
        x, y = (local_share(part[:used]) for part in train)
        return {"x": x, "y": y, "batch_size": batch_size // process_count()}
    dataset = make_pipeline(
        *train,
        batch_size,
        training=True,
        augment=spec,
        seed=seed,
        drop_remainder=full,
        num_classes=10,
        # An endless stream indexed by epoch, starting where a killed run
        # left off, so resuming replays exactly what it would have seen.
        first_epoch=first_epoch,
    )
    if process_count() > 1:
        # Each process takes its slice of every global batch, as Keras's own
        # sharding of a tf.data input does: together, the one-process batch.
        dataset = dataset.rebatch(batch_size // process_count()).shard(
            process_count(), process_index()
        )
    steps = steps_per_epoch(len(train[0]), batch_size)
    # The pipeline shuffles; Keras warns if asked to shuffle a dataset too.
    return {"x": dataset, "shuffle": False, "steps_per_epoch": steps}


def has_tensorflow():
    try:
        import tensorflow  # noqa: F401
    except ImportError:
        return False
    return True
