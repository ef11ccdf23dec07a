"""Seeds and determinism, in one place.

A run's randomness is a function of its seed and of where it is (epoch,
layer), so that a run resumed at epoch k repeats an uninterrupted one. `mix`
turns such coordinates into one seed; it is plain arithmetic, so it works on
Python integers and on TensorFlow int64 tensors alike (the tf.data pipeline
mixes in graph mode).
"""

import keras

# Seeds stay below 2**31 - 1, which every backend's seed dtype holds.
MODULUS = 2**31 - 1
_MULTIPLIER = 1_000_003  # A prime, so (seed, epoch) pairs do not collide early.


def mix(*parts):
    """Returns one seed in [0, 2**31 - 1) from integer coordinates.

    Example: `mix(seed, epoch)` for an epoch's shuffle, `mix(seed, epoch,
    layer_index)` for one layer's dropout masks in that epoch.
    """
    value = 0
    for part in parts:
        value = value * _MULTIPLIER + part
    return value % MODULUS


def seed_everything(seed, deterministic=False):
    """Seeds Python, NumPy and the backend; optionally deterministic kernels.

    `deterministic` switches on TensorFlow's deterministic kernels, for the
    rest of the process (TensorFlow cannot switch them off), so that reruns
    are bit-identical on a CPU; Keras then trains without XLA. It changes
    nothing on JAX, whose CPU kernels are deterministic already.
    """
    keras.utils.set_random_seed(seed)
    if deterministic and keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
