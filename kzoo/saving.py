"""`load_model`: opens a `.keras` file that holds kzoo objects, in any script.

Keras finds a custom class in a `.keras` file only once the module that
registers it has run, so a recipe's `model.keras` (with its `ReciprocalDecay`
schedule, or a `RandomAugmentation` layer) fails to load in a fresh
interpreter with "Could not locate class 'ReciprocalDecay'" until the module
that defines it has run; `import kzoo` alone loads nothing (see `kzoo`).
`kzoo.load_model` imports kzoo's serializable objects first.
"""

import keras

# Importing these registers every object kzoo lets Keras save, under the
# package name `kzoo`.
import kzoo.layers.random_augmentation
import kzoo.schedules.reciprocal_decay  # noqa: F401
from kzoo.optimizers.weight_average import keep_weight_average_apart


def load_model(filepath, compile=True, safe_mode=True):
    """Loads a `.keras` model that may hold kzoo layers, schedules or models.

    `keras.saving.load_model` with kzoo's objects registered, so no
    `custom_objects` are needed, and with an optimizer's weight average
    (`use_ema`) kept apart from the weights on JAX, as
    `kzoo.optimizers.get` keeps it.

    Args:
        filepath: Path to the `.keras` file, e.g. a run's `model.keras`.
        compile: Compile the model after loading, with its saved optimizer,
            loss and metrics. Defaults to `True`.
        safe_mode: Refuse to load lambdas' code from the file. Defaults to
            `True`.

    Returns:
        The Keras model.

    Example:

    ```python
    model = kzoo.load_model("runs/mnist_mlp/model.keras")
    ```
    """
    model = keras.saving.load_model(filepath, compile=compile, safe_mode=safe_mode)
    # A saved `use_ema` comes back as a plain Keras optimizer: on JAX its
    # average needs kzoo's copies again (kzoo.optimizers.weight_average).
    if getattr(model, "optimizer", None) is not None:
        keep_weight_average_apart(model.optimizer)
    return model
