"""Names kept working for a while, each with a DeprecationWarning."""

import warnings

import keras

from kzoo.models._builder import compile_for_task
from kzoo.models.blocks import Blocks


class Recipe(Blocks):
    """Deprecated: `kzoo.models.Blocks`, with the `build` step it used to have.

    "Recipe" now means only a training configuration (`kzoo.training`).
    """

    def build(
        self,
        inputs,
        outputs,
        name,
        num_classes,
        compile=True,
        optimizer="adam",
        learning_rate=None,
    ):
        """Returns the Functional model, compiled for the task unless not asked."""
        model = keras.Model(inputs, outputs, name=name)
        if compile:
            compile_for_task(model, num_classes, optimizer, learning_rate)
        return model


# name -> (the object, what to use instead)
RENAMED = {
    "Recipe": (
        Recipe,
        "`kzoo.models.Blocks`, and `kzoo.models.compile_for_task` in place of "
        "`Recipe.build`",
    ),
}


def deprecated(module, name):
    """Returns the deprecated `module.name` with a warning, or AttributeError."""
    if name not in RENAMED:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    value, instead = RENAMED[name]
    warnings.warn(
        f"`{module}.{name}` is deprecated: use {instead}.",
        DeprecationWarning,
        stacklevel=3,
    )
    return value
