"""Round trips: a config through JSON, a model through a `.keras` file."""

import json
import os
import tempfile

import keras
import numpy as np

from kzoo.testing.failure import expect


def assert_config_roundtrip(obj):
    """`get_config` -> JSON -> `from_config` -> `get_config` gives equal configs.

    Works for anything Keras serialises by config: layers, models,
    callbacks, schedules, optimizers.

    Args:
        obj: The object to round-trip.

    Returns:
        The object rebuilt from the config.
    """
    name = type(obj).__name__
    config = obj.get_config()
    try:
        text = json.dumps(config)
    except TypeError as error:
        raise AssertionError(
            f"Expected the config of {name} to be JSON-serialisable; {error}"
        ) from error
    try:
        rebuilt = type(obj).from_config(json.loads(text))
    except Exception as error:  # Any failure here is the finding.
        raise AssertionError(
            f"Expected {name}.from_config to rebuild from its own config; it "
            f"raised {type(error).__name__}: {error}"
        ) from error
    found = json.loads(json.dumps(rebuilt.get_config()))
    expected = json.loads(text)
    differing = sorted(
        key for key in set(expected) | set(found) if expected.get(key) != found.get(key)
    )
    expect(
        not differing,
        f"Expected the rebuilt {name} to have the same config; keys "
        f"{differing} differ: expected "
        f"{ {k: expected.get(k) for k in differing} }, found "
        f"{ {k: found.get(k) for k in differing} }.",
    )
    return rebuilt


def assert_save_load_roundtrip(model, x, atol=1e-6):
    """Saves `model` to `.keras`, loads it with no `custom_objects`, compares.

    Args:
        model: A built `keras.Model`.
        x: A batch of inputs to predict on.
        atol: Largest absolute difference allowed between the predictions of
            the original and the loaded model. Defaults to `1e-6`.

    Returns:
        The loaded model.
    """
    expected = np.asarray(model.predict(x, verbose=0))
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "model.keras")
        model.save(path)
        try:
            loaded = keras.saving.load_model(path)
        except Exception as error:  # Keras raises several types here.
            raise AssertionError(
                f"Expected {model.name!r} to load from .keras without "
                f"custom_objects, but loading failed: {error}"
            ) from error
    found = np.asarray(loaded.predict(x, verbose=0))
    expect(
        found.shape == expected.shape,
        f"Expected the loaded {model.name!r} to predict shape {expected.shape}; "
        f"found {found.shape}.",
    )
    difference = float(np.max(np.abs(found - expected))) if expected.size else 0.0
    expect(
        difference <= atol,
        f"Expected the loaded {model.name!r} to predict as the original (atol="
        f"{atol}); found a largest difference of {difference:.3g}.",
    )
    return loaded
