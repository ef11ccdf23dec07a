"""kzoo's pytest plugin: fixtures for testing models, active once installed.

Registered through the `pytest11` entry point, so `pytest` finds it with no
conftest. It imports Keras only when a test asks for a fixture, so it costs
other test suites nothing.
"""

import pytest

DIGITS = 64


@pytest.fixture
def kzoo_digits():
    """64 real MNIST digits, `(x, y)`: uint8 `(64, 28, 28)` and labels 0-9.

    The same digits every time (from kzoo's bundled sample, no download),
    with every class present, and Keras's seeds set to 0.
    """
    import keras
    import numpy as np

    from kzoo.data.mnist import read_sample

    keras.utils.set_random_seed(0)
    arrays = read_sample()
    x, y = arrays["x_train"], arrays["y_train"]
    # The first DIGITS // 10 + 1 of each class, in class order.
    picks = np.concatenate(
        [np.flatnonzero(y == c)[: DIGITS // 10 + 1] for c in range(10)]
    )
    picks = np.sort(picks)[:DIGITS]
    return x[picks], y[picks].astype("int64")


@pytest.fixture
def kzoo_run_dir(tmp_path):
    """An empty temporary run directory, e.g. for callbacks' files."""
    path = tmp_path / "run"
    path.mkdir()
    return path
