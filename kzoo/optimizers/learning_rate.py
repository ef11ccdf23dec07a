"""Reading an optimizer's current learning rate, whatever it is made of."""

import math
import weakref

import keras

# One compiled reading per schedule (JAX): see `current_learning_rate`.
_COMPILED = weakref.WeakKeyDictionary()


def current_learning_rate(optimizer):
    """The rate the optimizer's next step uses, as a float; NaN if unknown.

    `optimizer.learning_rate` is a variable, or, under a schedule, the
    schedule's value at the current step; either way a backend tensor that
    this turns into a Python float. On JAX a schedule read eagerly runs op by
    op, and Keras's `CosineDecay` (its warm-up a `cond`) took 75-100 ms a
    reading on 2 CPU cores, as long as a whole epoch of a small model on a
    GPU, at every epoch of `LearningCurves`; compiled once, a reading takes
    microseconds.
    """
    try:
        schedule = getattr(optimizer, "_learning_rate", None)
        if isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
            value = _compiled(schedule)(optimizer.iterations.value)
        else:
            value = optimizer.learning_rate
        # The shortest decimal that reads back as the variable's float32:
        # 0.002 stays 0.002 in config.json and prints, not 0.0020000000949949026.
        return float(str(keras.ops.convert_to_numpy(value)[()]))
    except (AttributeError, TypeError, ValueError):
        return math.nan


def _compiled(schedule):
    if keras.backend.backend() != "jax":
        return schedule  # Eager TensorFlow and torch read it fast enough.
    if schedule not in _COMPILED:
        import jax

        _COMPILED[schedule] = jax.jit(schedule.__call__)
    return _COMPILED[schedule]
