"""`data_parallel`: one model copy on every device, each taking a slice of the
global batch, with the gradients averaged, by the backend's own engine.

On JAX that is `keras.distribution.DataParallel` over every device of every
process (`jax.devices()`); on TensorFlow, `tf.distribute.MirroredStrategy`
over the local GPUs, else the local (logical) CPUs: Keras's distribution API
is not meant for the TensorFlow backend yet, and TensorFlow's strategy is the
engine Keras's TensorFlow trainer drives. PyTorch has neither in Keras.

With one device there is nothing to split, and the context sets no engine:
the run is a plain one. On one device the engines only cost time. Keras's
JAX trainer compiles each step twice more under a distribution: its metrics
are reset to uncommitted arrays while the distributed step's outputs are
committed, so the step meets two new input signatures. That made mnist_cnn
2.5-2.9x slower on one H200 (BENCHMARKS.md). Naming the device
(`devices=["gpu:0"]`) uses the engine all the same.
"""

import contextlib
import functools

import keras

from kzoo._internal.validation import invalid

JAX_ENGINE = "keras.distribution.DataParallel"
TF_ENGINE = "tf.distribute.MirroredStrategy"
ONE_DEVICE = "none (one device: a plain run)"


@contextlib.contextmanager
def data_parallel(devices=None, auto_shard=True):
    """A context in which models built and trained are data-parallel.

    Build, compile and fit the model inside it: its variables are placed on
    every device when they are made, and `fit` splits each batch. The batch
    size stays the global batch; see `check_batch_size`.

    Args:
        devices: The devices to use, e.g. `["gpu:0", "gpu:1"]` (TensorFlow
            also takes its own `"/gpu:0"`). Defaults to `None`: every
            device (on TensorFlow, the local GPUs, or else the local CPUs);
            if that is one device, no engine at all (a plain run).
        auto_shard: With several processes on JAX, whether Keras splits a
            `tf.data` input among them (it then takes no NumPy input), or
            each process passes its own share (`local_share`). Defaults to
            `True`, Keras's default.

    Yields:
        The number of replicas, i.e. of model copies.

    Raises:
        ValueError: On the PyTorch backend, which has no engine for it in
            Keras, or for `devices` this machine does not have.
    """
    backend = keras.backend.backend()
    if backend not in ("jax", "tensorflow"):
        raise invalid(
            "KERAS_BACKEND",
            backend,
            "must be 'jax' or 'tensorflow' for data-parallel training (Keras "
            "has no data-parallel engine for it)",
        )
    if devices is not None:
        devices = _checked_devices(devices, backend)
    elif _one_device(backend):
        yield 1  # Nothing to split: no engine (see the module's docstring).
        return
    if backend == "jax":
        distribution = keras.distribution.DataParallel(devices=devices)
        # Each process feeds its own share (kzoo.distribution.local_share):
        # Keras would otherwise take only tf.data input, and split it itself.
        distribution.auto_shard_dataset = auto_shard
        with distribution.scope():
            yield replicas()
    else:
        strategy = _mirrored_strategy(devices)
        with strategy.scope():
            yield strategy.num_replicas_in_sync


def replicas():
    """How many model copies share each batch now: 1 outside `data_parallel`."""
    backend = keras.backend.backend()
    if backend == "jax":
        distribution = keras.distribution.distribution()
        if isinstance(distribution, keras.distribution.DataParallel):
            return int(distribution.device_mesh.devices.size)
    elif backend == "tensorflow":
        import tensorflow as tf

        if tf.distribute.has_strategy():
            return tf.distribute.get_strategy().num_replicas_in_sync
    return 1


def engine():
    """The engine that splits the batches now, by name, or `None` outside."""
    backend = keras.backend.backend()
    if backend == "jax":
        distribution = keras.distribution.distribution()
        if isinstance(distribution, keras.distribution.DataParallel):
            return JAX_ENGINE
    elif backend == "tensorflow":
        import tensorflow as tf

        if tf.distribute.has_strategy():
            return f"tf.distribute.{type(tf.distribute.get_strategy()).__name__}"
    return None


def _checked_devices(devices, backend):
    """`devices` as "gpu:0" ..., or a ValueError naming the machine's own.

    Unchecked, JAX fails deep in its platform lookup and TensorFlow quietly
    places the replica on another device.
    """
    present = _device_names(backend)
    names = [str(d).lstrip("/").lower() for d in devices]
    if not names or any(name not in present for name in names):
        raise invalid(
            "devices",
            list(devices),
            f"must name devices of this machine: {', '.join(present)}",
        )
    return names


def _device_names(backend):
    """This machine's devices as "gpu:0", "cpu:0" ... (every process's on JAX)."""
    if backend == "jax":
        import jax

        return [f"{d.platform}:{d.id}" for d in jax.devices()]
    import tensorflow as tf

    return [
        f"{d.device_type.lower()}:{d.name.rsplit(':', 1)[-1]}"
        for d in tf.config.list_logical_devices()
    ]


def _one_device(backend):
    if backend == "jax":
        import jax

        return jax.device_count() == 1  # Every process's devices.
    return len(_tf_devices()) == 1


def _tf_devices():
    import tensorflow as tf

    # MirroredStrategy's own default takes the GPUs or one CPU: with no GPU,
    # use every logical CPU, as set by
    # tf.config.set_logical_device_configuration.
    gpus = tf.config.list_logical_devices("GPU")
    return [d.name for d in gpus or tf.config.list_logical_devices("CPU")]


def _mirrored_strategy(devices):
    if devices is None:
        return _strategy(tuple(_tf_devices()))
    # TensorFlow's names start with a slash: "/gpu:0".
    return _strategy(tuple("/" + d.lstrip("/") for d in devices))


@functools.cache
def _strategy(devices):
    # One strategy per set of devices and process: a second MirroredStrategy
    # over the same devices reuses its collectives' keys, and the next model
    # trained fails ("Shape mismatch in the collective instance").
    import tensorflow as tf

    return tf.distribute.MirroredStrategy(list(devices))
