"""Shared fixtures. Tests run on whichever backend KERAS_BACKEND names."""

import os
import sys
from pathlib import Path

# Quiet TensorFlow's C++ start-up logs; must precede the first keras import.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# Tests read MNIST from KZOO_DATA_DIR (CI sets it), else from the copy beside
# the checkout; child processes inherit it.
_SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"
if "KZOO_DATA_DIR" not in os.environ and _SHARED.is_dir():
    os.environ["KZOO_DATA_DIR"] = str(_SHARED)

import keras  # noqa: E402
import pytest  # noqa: E402


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
