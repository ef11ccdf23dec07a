"""`assert_deterministic`: a seeded run repeats bit for bit."""

import keras
import numpy as np

from kzoo._internal.seeding import seed_everything
from kzoo.testing.failure import expect


def assert_deterministic(build_and_train, seed=0, op_determinism=True):
    """Runs `build_and_train(seed)` twice and expects identical histories.

    Before each run the Python, NumPy and backend seeds are set with
    `keras.utils.set_random_seed(seed)`. With `op_determinism` on the
    TensorFlow backend, TensorFlow's deterministic kernels are switched on
    too (for the rest of the process: TensorFlow cannot switch them off),
    and Keras then trains without XLA. Bit-identical runs are a CPU promise;
    GPU kernels may reduce in varying order.

    Args:
        build_and_train: `f(seed)` that builds, trains and returns a
            `keras.callbacks.History`, a dict of lists (`History.history`)
            or an array.
        seed: The seed. Defaults to `0`.
        op_determinism: Enable TensorFlow's op determinism. Defaults to
            `True`.

    Returns:
        The first run's history, as a dict of NumPy arrays.
    """
    runs = []
    for _ in range(2):
        seed_everything(seed, deterministic=op_determinism)
        runs.append(_as_arrays(build_and_train(seed)))
    first, second = runs
    expect(
        sorted(first) == sorted(second),
        f"Expected both runs to log the same metrics; found {sorted(first)} and "
        f"{sorted(second)}.",
    )
    for key in sorted(first):
        a, b = first[key], second[key]
        same = a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
        where = _first_difference(a, b)
        expect(
            same,
            f"Expected identical runs with seed={seed}; {key!r} differs first at "
            f"index {where}: {a.ravel()[where] if a.size > where else 'missing'} "
            f"vs {b.ravel()[where] if b.size > where else 'missing'}.",
        )
    return first


def _as_arrays(result):
    if isinstance(result, keras.callbacks.History):
        result = result.history
    if not isinstance(result, dict):
        result = {"result": result}
    return {key: np.asarray(value, dtype="float64") for key, value in result.items()}


def _first_difference(a, b):
    a, b = a.ravel(), b.ravel()
    size = min(a.size, b.size)
    differs = ~((a[:size] == b[:size]) | (np.isnan(a[:size]) & np.isnan(b[:size])))
    return int(np.argmax(differs)) if differs.any() else size
