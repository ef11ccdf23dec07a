"""Reading an optimizer's current learning rate, whatever it is made of."""

import math

import keras


def current_learning_rate(optimizer):
    """The rate the optimizer's next step uses, as a float; NaN if unknown.

    `optimizer.learning_rate` is a variable, or, under a schedule, the
    schedule's value at the current step; either way a backend tensor that
    this turns into a Python float.
    """
    try:
        return float(keras.ops.convert_to_numpy(optimizer.learning_rate))
    except (AttributeError, TypeError, ValueError):
        return math.nan
