"""The schedule registry: `register_schedule`, `create_schedule`, `list_schedules`.

A named schedule is a small builder, `builder(learning_rate, steps_per_epoch,
epochs, **params)`, that returns what an optimizer's `learning_rate` takes (a
float or a `LearningRateSchedule`). Recipes pick one by name, the same way
models and optimizer presets are picked.
"""

import inspect

from kzoo._internal.registry import Registry
from kzoo._internal.validation import check_positive, check_positive_int, did_you_mean

SCHEDULES = Registry(
    "schedule",
    built_in=dict.fromkeys(
        ("constant", "reciprocal", "cosine"), "kzoo.schedules.presets"
    ),
)

# Every builder takes these; the rest of its arguments are its parameters.
_SHARED = ("learning_rate", "steps_per_epoch", "epochs")


def register_schedule(fn=None, *, name=None):
    """Registers a schedule builder under `name` (default: its `__name__`).

    Example:

    ```python
    @kzoo.schedules.register_schedule
    def step_halving(learning_rate, steps_per_epoch, epochs, every=5):
        return keras.optimizers.schedules.ExponentialDecay(
            learning_rate, every * steps_per_epoch, 0.5, staircase=True)
    ```
    """
    return SCHEDULES.register(fn, name=name)


def list_schedules(pattern="*"):
    """Returns the sorted names of the schedules that match `pattern`."""
    return SCHEDULES.names(pattern)


def schedule_parameters(name):
    """Returns `{parameter: default}` of the schedule `name`'s own parameters."""
    signature = inspect.signature(SCHEDULES.get(name))
    return {
        key: parameter.default
        for key, parameter in signature.parameters.items()
        if key not in _SHARED
    }


def create_schedule(name, *, learning_rate, steps_per_epoch, epochs, **params):
    """Builds the learning rate of the schedule `name`.

    Args:
        name: A name from `list_schedules()`.
        learning_rate: The peak (or constant) learning rate, > 0.
        steps_per_epoch: Optimiser steps in one epoch, > 0.
        epochs: Epochs of the run, > 0.
        **params: The schedule's own parameters, e.g. `decay_epochs` for
            `"reciprocal"` or `warmup` for `"cosine"`.

    Returns:
        A float or a `keras.optimizers.schedules.LearningRateSchedule`.
    """
    builder = SCHEDULES.get(name)
    check_parameter_names(name, params)
    return builder(
        learning_rate=check_positive("learning_rate", learning_rate),
        steps_per_epoch=check_positive_int("steps_per_epoch", steps_per_epoch),
        epochs=check_positive_int("epochs", epochs),
        **params,
    )


def check_parameter_names(name, params):
    """Raises a ValueError for a key of `params` that schedule `name` lacks.

    Needs only the builder's signature, so a recipe checks its schedule's
    arguments without building the schedule (and importing Keras); their
    values are checked when the run builds it.
    """
    known = schedule_parameters(name)
    for key in params:
        if key not in known:
            hint = did_you_mean(key, known)
            takes = ", ".join(known) or "no parameters"
            raise ValueError(
                f"Schedule {name!r} takes no parameter {key!r}.{hint} It takes: "
                f"{takes}."
            )
