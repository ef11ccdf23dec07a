"""More than one process: `jax.distributed` joins them, process 0 is the chief.

Every process runs the same command with its own `process_id`; the
coordinator (process 0's address) introduces them, after which JAX's
collectives carry the gradients. kzoo adds what a run needs around that:
one writer (`is_chief`), points where all processes wait for each other
(`barrier`), and bounded waits, so that a process that dies makes the others
stop with an error instead of waiting forever.
"""

import keras

from kzoo._internal.validation import check_positive_int, invalid

# Seconds that a process waits for the others to join, after which a silent
# peer counts as dead, and that the last goodbye may take. JAX's defaults
# (300, 100 and 300 s) leave a survivor waiting minutes for a dead peer.
JOIN_TIMEOUT = 60
HEARTBEAT_TIMEOUT = 15
SHUTDOWN_TIMEOUT = 15


class JoinFailed(RuntimeError):
    """The processes of a run did not all join it in time."""


def initialize(coordinator, num_processes, process_id, timeout=JOIN_TIMEOUT):
    """Joins this process to a multi-process JAX run (`jax.distributed`).

    Call it first, before anything touches a device; then
    `data_parallel()` spans every process's devices.

    Args:
        coordinator: `"HOST:PORT"` of process 0, which listens there. Give
            `127.0.0.1` for processes on one machine: nothing then listens
            beyond it.
        num_processes: How many processes take part.
        process_id: This process's number, from 0 (the chief) to
            `num_processes - 1`.
        timeout: Seconds to wait for all processes to join. Defaults to 60.

    Raises:
        ValueError: A bad argument (named), or a backend other than JAX.
        JoinFailed: The others did not join within `timeout` seconds.
    """
    _check_address(coordinator)
    num_processes = check_positive_int("num_processes", num_processes)
    if not isinstance(process_id, int) or not 0 <= process_id < num_processes:
        last = num_processes - 1
        raise invalid("process_id", process_id, f"must be an integer from 0 to {last}")
    if keras.backend.backend() != "jax":
        raise invalid(
            "coordinator",
            coordinator,
            "needs the JAX backend (KERAS_BACKEND=jax): on TensorFlow, "
            "MultiWorkerMirroredStrategy fails with Keras 3 (see the README)",
        )
    import jax

    # Not keras.distribution.initialize, which passes no timeouts; kzoo
    # seeds every process alike itself (Keras would agree on a seed).
    try:
        jax.distributed.initialize(
            coordinator_address=coordinator,
            num_processes=num_processes,
            process_id=process_id,
            initialization_timeout=timeout,
            heartbeat_timeout_seconds=HEARTBEAT_TIMEOUT,
            shutdown_timeout_seconds=SHUTDOWN_TIMEOUT,
            # JAX would listen on every interface ([::]:PORT); listen where
            # the address says, so 127.0.0.1 stays on this machine.
            coordinator_bind_address=coordinator,
        )
    except Exception as error:  # XLA raises its own status errors.
        raise JoinFailed(
            f"process {process_id} of {num_processes} could not join the run "
            f"coordinated at {coordinator} within {timeout} s: {error}"
        ) from None


def process_count():
    """How many processes take part: 1 unless `initialize` joined several."""
    if keras.backend.backend() != "jax":
        return 1
    import jax

    return jax.process_count()


def process_index():
    """This process's number: 0 for the chief, and for a lone process."""
    if keras.backend.backend() != "jax":
        return 0
    import jax

    return jax.process_index()


def is_chief():
    """Whether this process writes the run's files (process 0)."""
    return process_index() == 0


def barrier(name):
    """Waits until every process reaches the barrier `name`; at once alone."""
    if process_count() > 1:
        from jax.experimental import multihost_utils

        multihost_utils.sync_global_devices(name)


def _check_address(coordinator):
    host, colon, port = str(coordinator).rpartition(":")
    if not (isinstance(coordinator, str) and colon and host and port.isdigit()):
        example = "must be HOST:PORT, e.g. 127.0.0.1:9876"
        raise invalid("coordinator", coordinator, example)
    if not 0 < int(port) < 65536:
        raise invalid("coordinator", coordinator, "must have a port from 1 to 65535")


def abandon(message):
    """Ends this process at once with `message` after a peer failed.

    A normal exit would first wait at JAX's shutdown barrier for the dead
    peer; `os._exit` skips it, so a survivor stops within seconds.
    """
    import os
    import sys

    print(message, file=sys.stderr, flush=True)
    os._exit(1)
