"""Shared fixtures. Tests run on whichever backend KERAS_BACKEND names."""

import os

# Quiet TensorFlow's C++ start-up logs; must precede the first keras import.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import pytest


@pytest.fixture(autouse=True)
def seeded():
    """Every test starts from the same Python, NumPy and backend seeds."""
    keras.utils.set_random_seed(1234)
