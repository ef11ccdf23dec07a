"""`start_keras`: Keras and its backend started before a run, quietly.

TensorFlow (and XLA under JAX) log from C++ as they start: oneDNN, CUDA
drivers, CPU features, a failed `cuInit` on a machine without a GPU. Since
TensorFlow 2.20 these lines come before absl's logging is initialised, so
`TF_CPP_MIN_LOG_LEVEL` no longer hides them (abseil/abseil-cpp#1957). They
are written to file descriptor 2 by C++ code, out of Python's reach; the one
way to hide them is to point that descriptor elsewhere while the backend
starts, and back afterwards.
"""

import contextlib
import os
import sys
import tempfile


def start_keras(quiet=True, before_devices=None):
    """Imports Keras and starts its backend's devices; returns `keras`.

    Args:
        quiet: Hide what native code writes to stderr meanwhile. If starting
            fails, what it wrote is shown after all. Defaults to `True`.
        before_devices: A function to call once Keras is imported, before
            the devices start (joining a multi-process run must come
            first), or `None`. Defaults to `None`.
    """
    with _native_stderr_hidden() if quiet else contextlib.nullcontext():
        import keras

        from kzoo.training import feed  # It imports Keras: here, not above.

        if before_devices is not None:
            before_devices()

        # The first operation starts the devices, and with them the last of
        # the start-up log (the GPU probe).
        keras.ops.convert_to_numpy(keras.ops.zeros(()))
        if keras.backend.backend() != "tensorflow" and feed.has_tensorflow():
            import tensorflow as tf

            # The run's tf.data pipeline would start TensorFlow, logging.
            tf.config.list_physical_devices()
    return keras


def quiet_start_asked(verbose):
    """Whether a run hides the start-up log: unless `--verbose 2`, or the
    user's `TF_CPP_MIN_LOG_LEVEL=0` (show every message) asks for it."""
    return verbose < 2 and os.environ.get("TF_CPP_MIN_LOG_LEVEL") != "0"


@contextlib.contextmanager
def _native_stderr_hidden():
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        except KeyboardInterrupt:
            _restore(saved)  # The person stopped it: the log explains nothing.
            raise
        except BaseException:
            _restore(saved)
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace"))
            raise
        _restore(saved)


def _restore(saved):
    sys.stderr.flush()
    os.dup2(saved, 2)
    os.close(saved)
