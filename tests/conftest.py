"""Shared fixtures. Tests run on whichever backend KERAS_BACKEND names.

The default run is a user's on a fresh machine: no data directory is set
here, so MNIST comes from wherever `kzoo.data.load_mnist` finds it, on a
machine with none the bundled sample. Tests that need the full set carry
`@pytest.mark.mnist` and ask for `mnist_dir` or `full_mnist`.
"""

import os
import sys

# Quiet TensorFlow's C++ start-up logs; must precede the first keras import.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest

from kzoo.training.startup import start_keras
from tests import mnist_files

# Keras started as `kzoo train` starts it: TensorFlow's C++ start-up log
# (oneDNN, CUDA, CPU features), which the level above does not reach, is
# hidden. Written to the terminal directly, pytest would otherwise print
# it after the run's summary line (its capture holds what is written while
# conftest files load until the session ends).
keras = start_keras(quiet=True)

# Each module (the course's tests together) runs whole on one worker.
pytest_plugins = ["tests.worker_groups"]


def _background():
    """`(module, stash key)` of the tests whose child processes start as
    soon as pytest has collected them, each module's `start()` returning
    them: the JAX rerun of the suites, the zoo over two devices."""
    from tests import test_backends
    from tests.distribution import test_data_parallel
    from tests.training import test_distributed

    return [
        (test_backends, test_backends.RERUN),
        (test_data_parallel, test_data_parallel.ZOO_RUNS),
        (test_distributed, test_distributed.RUNS),
    ]


def pytest_collection_modifyitems(config, items):
    """The tests with long child processes go first, so that their minutes
    overlap the rest (each worker takes whole groups in this order, see
    tests/worker_groups.py)."""
    background = {module for module, _ in _background()}
    items.sort(key=lambda item: item.module not in background)  # Stable.


def pytest_collection_finish(session):
    """Starts the long child processes of the tests that will run, in the
    background, where one process runs them all; under xdist each worker
    collects every test, so there the tests start their own when they run."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    for module, key in _background():
        if any(item.module is module for item in session.items):
            session.config.stash[key] = module.start()


def pytest_unconfigure(config):
    for _, key in _background():
        started = config.stash.get(key, None)
        # A run stopped early (-x, Ctrl-C) ends them too.
        for child in started.values() if isinstance(started, dict) else [started]:
            if isinstance(child, tuple):  # (child, its run directory)
                child = child[0]
            if child is not None:
                child.kill()


@pytest.fixture(autouse=True)
def seeded():
    """Every test starts from the same Python, NumPy and backend seeds."""
    keras.utils.set_random_seed(1234)


@pytest.fixture(autouse=True)
def op_determinism_switched_off():
    """Undoes TensorFlow's op determinism after a test that switched it on.

    `assert_deterministic` and `--deterministic` switch it on for the rest of
    the process, and Keras then turns XLA off, so a later test of XLA
    compilation would fail or pass by test order. TensorFlow's public API
    cannot switch it off; its config module (private) can.
    """
    yield
    config = sys.modules.get("tensorflow.python.framework.config")
    if config is not None and config.is_op_determinism_enabled():
        config.disable_op_determinism()


@pytest.fixture
def mnist_dir(request):
    """The full MNIST directory, KZOO_DATA_DIR, for a test marked `mnist`."""
    if request.node.get_closest_marker("mnist") is None:
        pytest.fail(
            f"{request.node.nodeid} uses the full MNIST set but is not marked "
            "mnist; the default run has no data directory.",
            pytrace=False,
        )
    return mnist_files.data_dir()


@pytest.fixture
def full_mnist(mnist_dir):
    """`(x_train, y_train), (x_test, y_test)`: the full set, read once."""
    return mnist_files.load_full(mnist_dir)
