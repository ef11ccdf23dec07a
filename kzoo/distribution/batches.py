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
    outputs are dropped.
    """
    count = _uneven_replicas()
    if count == 1:
        return model.predict(x, batch_size=batch_size, verbose=0)
    x = np.asarray(x)
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
    comes out the same too).
    """
    count = _uneven_replicas()
    n = len(x)
    if count == 1 or n % count == 0:
        batch_size = _shared(batch_size, count)
        return model.evaluate(x, y, batch_size=batch_size, verbose=0, return_dict=True)
    x, y = np.asarray(x), np.asarray(y)
    even = n - n % count
    parts = []
    if even:
        parts.append((even, evaluate(model, x[:even], y[:even], batch_size)))
    extra_x = np.repeat(x[even:], count, axis=0)
    extra_y = np.repeat(y[even:], count, axis=0)
    parts.append((n - even, evaluate(model, extra_x, extra_y, batch_size)))
    return {k: sum(w * part[k] for w, part in parts) / n for k in parts[0][1]}


def _uneven_replicas():
    return replicas()


def _shared(batch_size, count):
    # Rounded up to a multiple of the replicas, so every full batch divides.
    return -(-batch_size // count) * count
