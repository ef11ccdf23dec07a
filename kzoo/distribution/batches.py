"""Batches that the replicas can share: the global batch checked, and
evaluation sets of any size made exact.

On JAX every batch is cut into equal slices, one a device, and one that
does not divide fails deep in XLA (an `IndivisibleError`, or a
`ZeroDivisionError` in Keras when a batch is smaller than the device count,
keras#21167). TensorFlow's strategy splits uneven batches, but fails on one
smaller than the replica count (an `AddN` shape error). Training batches are
checked up front; `predict` and `evaluate` take sets of any size and give
what one device would.
"""

import numpy as np

from kzoo._internal.validation import check_positive_int, invalid
from kzoo.distribution.data_parallel import replicas
from kzoo.distribution.processes import process_count, process_index


def check_batch_size(batch_size, name="batch_size"):
    """Returns `batch_size` if the replicas can share it evenly, else raises.

    Args:
        batch_size: The global batch, over all replicas.
        name: The argument's name in the error. Defaults to `"batch_size"`.

    Raises:
        ValueError: Naming the batch size and the replica count, when the
            first is not a multiple of the second.
    """
    batch_size = check_positive_int(name, batch_size)
    count = replicas()
    if batch_size % count:
        below, above = batch_size // count * count, -(-batch_size // count) * count
        nearest = f"{below} or {above}" if below else f"{above}"
        raise invalid(
            name,
            batch_size,
            f"must be a multiple of the {count} replicas that share each "
            f"global batch (e.g. {nearest})",
        )
    return batch_size


def predict(model, x, batch_size=256):
    """`model.predict(x)` for any number of examples, quietly.

    Under a data-parallel distribution the set is padded to a multiple
    of the replicas (with copies of its last example) and the padding's
    outputs are dropped. With several processes, each passes the whole set
    and gets every output.
    """
    count = replicas()
    if count == 1:
        return model.predict(x, batch_size=batch_size, verbose=0)
    x = np.asarray(x)
    if process_count() > 1:
        return _everywhere(model, x, batch_size)
    padded = np.concatenate([x, np.repeat(x[-1:], -len(x) % count, axis=0)])
    batch_size = _shared(batch_size, count)
    return model.predict(padded, batch_size=batch_size, verbose=0)[: len(x)]


def evaluate(model, x, y, batch_size=256):
    """`model.evaluate(x, y, return_dict=True)` for any number of examples.

    Under a data-parallel distribution, the largest part that the
    replicas share evenly is evaluated as it is, and the few examples left
    over are evaluated with each one repeated once a replica; the two means
    are then weighted by their example counts. Every example counts once, as
    on one device (the regularisation term, added to each batch's loss,
    comes out the same too). With several processes, each passes the whole
    set and evaluates its `local_share`; every process gets the result.
    """
    count = replicas()
    n = len(x)
    if count == 1 or n % count == 0:
        batch_size = _shared(batch_size, count) // process_count()
        return model.evaluate(
            local_share(x),
            local_share(y),
            batch_size=batch_size,
            verbose=0,
            return_dict=True,
        )
    x, y = np.asarray(x), np.asarray(y)
    even = n - n % count
    parts = []
    if even:
        parts.append((even, evaluate(model, x[:even], y[:even], batch_size)))
    extra_x = np.repeat(x[even:], count, axis=0)
    extra_y = np.repeat(y[even:], count, axis=0)
    parts.append((n - even, evaluate(model, extra_x, extra_y, batch_size)))
    return {k: sum(w * part[k] for w, part in parts) / n for k in parts[0][1]}


def local_share(x):
    """This process's share of a set that every process holds: every
    `process_count()`-th example from its `process_index()` (all of it for
    a lone process). Each process feeds its share of each global batch."""
    count = process_count()
    return x if count == 1 else x[process_index() :: count]


def _everywhere(model, x, batch_size):
    # Several processes: Keras's predict returns outputs split across the
    # processes, which none can read whole. Here every process computes
    # every output, from the replicated weights and the whole set.
    import jax

    @jax.jit
    def call(trainable, non_trainable, batch):
        return model.stateless_call(trainable, non_trainable, batch, training=False)[0]

    state = (
        [v.value for v in model.trainable_variables],
        [v.value for v in model.non_trainable_variables],
    )
    batches = range(0, len(x), batch_size)
    return np.concatenate(
        [np.asarray(call(*state, x[i : i + batch_size])) for i in batches]
    )


def _shared(batch_size, count):
    # Rounded up to a multiple of the replicas, so every full batch divides.
    return -(-batch_size // count) * count
