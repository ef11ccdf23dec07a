"""A recipe run over several devices or processes (`--distribute`,
`--coordinator`): `kzoo.distribution`'s engines, and what a run directory
needs around them.

Only the chief (process 0) writes the run directory; the others read it (and
keep their own backup in a temporary folder), so on several machines `--out`
must be storage that all of them see for a killed run to resume (as for
Keras's and TensorFlow's own multi-worker training). Every process starts at
the same epoch or none does.
"""

import contextlib
import shutil
import tempfile
from pathlib import Path

import keras

from kzoo import distribution


def join(options):
    """Joins the multi-process run that `options` name, before any device is
    used (a lone process: nothing to do)."""
    if options.coordinator is not None and not _joined():
        distribution.initialize(
            options.coordinator, options.num_processes, options.process_id
        )


def _joined():
    if keras.backend.backend() != "jax":
        return False  # initialize says what the backend must be.
    import jax

    return jax.distributed.is_initialized()


@contextlib.contextmanager
def guarded():
    """Ends a process of a multi-process run at once, with one message, when
    the run fails in it: most often a peer that died (a Gloo or NCCL error
    at the next collective), which would otherwise hold it at JAX's shutdown
    barrier. A peer that hangs is caught by JAX's heartbeat (15 s)."""
    if distribution.process_count() == 1:
        yield
        return
    try:
        yield
    except Exception as error:
        index, count = distribution.process_index(), distribution.process_count()
        distribution.abandon(
            f"kzoo train: error: process {index} of {count} stopped: {error}\n"
            "If another process died or was stopped, run every process's "
            "command again: the run resumes from its last finished epoch."
        )


@contextlib.contextmanager
def scope(options, batch_size):
    """The context the model is built, trained and tested in; yields the
    number of replicas (1 without `--distribute`)."""
    if options.distribute is None:
        yield 1
        return
    # Each process feeds its share of every set (kzoo.training.feed).
    devices = options.devices and list(options.devices)
    with distribution.data_parallel(devices, auto_shard=False) as replicas:
        distribution.check_batch_size(batch_size)
        yield replicas


def say_one_device(options):
    """One line when `--distribute` found one device, so no engine is used."""
    if options.distribute is not None and distribution.engine() is None:
        print(
            "--distribute data-parallel: one device, so a plain run (nothing "
            "to split; the engine would only cost time)"
        )


def check(options, batch_size):
    """Refuses a global batch that the replicas cannot share (a ValueError)."""
    with scope(options, batch_size):
        pass


def described(options):
    """`metrics.json`'s record of how the run was spread: call it in `scope`."""
    engine = distribution.engine()
    if engine is None and options.distribute is not None:
        engine = distribution.ONE_DEVICE
    return {
        "distribution": engine,
        "replicas": distribution.replicas(),
        "processes": distribution.process_count(),
    }


def agreed_epoch(epoch):
    """`epoch`, the one every process resumes from, or a ValueError.

    A process that cannot see the chief's backup (another machine, `--out`
    not shared) would start over while the others resume, and they would
    wait on each other for ever.
    """
    if distribution.process_count() == 1:
        return epoch
    from jax.experimental import multihost_utils

    epochs = multihost_utils.process_allgather(epoch)
    if len(set(epochs.tolist())) > 1:
        raise ValueError(
            f"the processes would resume from different epochs ({epochs.tolist()} "
            "by process): every process must see the same --out (shared "
            "storage), or add --restart"
        )
    return epoch


def validation_data(dev):
    """The dev set `fit` reports on each epoch: all of it, unless the
    replicas cannot share it evenly; then the largest part they can (the run's
    final dev figures use all of it, by `kzoo.distribution.evaluate`)."""
    count = distribution.replicas()
    used = len(dev[0]) - len(dev[0]) % count
    if used < len(dev[0]) and distribution.is_chief():
        print(
            f"the dev curves use {used:,} of the {len(dev[0]):,} dev images (a "
            f"multiple of the {count} replicas); the final dev accuracy uses all"
        )
    return tuple(distribution.local_share(part[:used]) for part in dev)


def backup(directory):
    """Keras's `BackupAndRestore` in `directory` for the chief; for the
    others, in a folder of their own that starts as a copy of it.

    Every process must save: saving makes variables, and under a
    multi-process distribution making one is a step that all processes
    take together. Only the chief's copy is the run's.
    """
    if not distribution.is_chief():
        own = Path(tempfile.mkdtemp(prefix="kzoo-backup-")) / "backup"
        if directory.is_dir():  # What a resumed run restores from.
            shutil.copytree(directory, own)
        directory = own
    callback = keras.callbacks.BackupAndRestore(str(directory))
    # Saving once an epoch, its batch hook does nothing; marked so, it no
    # longer makes Keras wait for every step on JAX (async callbacks).
    callback.async_safe = callback.save_freq == "epoch"
    return callback
