"""`ReciprocalDecay`: the course's learning-rate decay, alpha = c1 / (t + c2)."""

import keras

from kzoo._internal.validation import (
    check_one_of,
    check_positive,
    check_positive_int,
    invalid,
)


@keras.saving.register_keras_serializable(package="kzoo")
class ReciprocalDecay(keras.optimizers.schedules.LearningRateSchedule):
    """Learning-rate decay alpha_t = c1 / (t + c2).

    `t` counts optimiser steps (`unit="step"`) or whole epochs
    (`unit="epoch"`, which needs `steps_per_epoch`). The course's
    alpha = alpha_0 / (1 + decay_rate * epoch) is
    `ReciprocalDecay(c1=alpha_0 / decay_rate, c2=1 / decay_rate, unit="epoch")`.

    Why a schedule: Keras 3 optimizers no longer decay the rate themselves.
    `keras.optimizers.SGD(decay=...)`, the Keras 2 way, only warns
    "Argument `decay` is no longer supported and will be ignored." and
    trains at a constant rate.

    The first values for `c1=1.0, c2=10.0`:

    | t       | 0     | 1      | 2      | 5      | 10    | 90    |
    |---------|-------|--------|--------|--------|-------|-------|
    | alpha_t | 0.100 | 0.0909 | 0.0833 | 0.0667 | 0.050 | 0.010 |

    Args:
        c1: Numerator, > 0. The rate starts at `c1 / c2`.
        c2: Offset, > 0: the `t` at which the rate has halved.
        unit: `"step"` or `"epoch"`. Defaults to `"step"`.
        steps_per_epoch: Optimiser steps per epoch, needed when
            `unit="epoch"`. Defaults to `None`.
        name: Name of the schedule. Defaults to `"ReciprocalDecay"`.

    Example:

    ```python
    schedule = kzoo.schedules.ReciprocalDecay(1.0, 10.0, unit="epoch",
                                              steps_per_epoch=469)
    optimizer = keras.optimizers.SGD(learning_rate=schedule)
    ```
    """

    def __init__(
        self, c1, c2, unit="step", steps_per_epoch=None, name="ReciprocalDecay"
    ):
        super().__init__()
        self.c1 = check_positive("c1", c1)
        self.c2 = check_positive("c2", c2)
        self.unit = check_one_of("unit", unit, ("step", "epoch"))
        if unit == "epoch" and steps_per_epoch is None:
            raise invalid(
                "steps_per_epoch", steps_per_epoch, 'is needed when unit="epoch"'
            )
        if steps_per_epoch is not None:
            steps_per_epoch = check_positive_int("steps_per_epoch", steps_per_epoch)
        self.steps_per_epoch = steps_per_epoch
        self.name = name

    def __call__(self, step):
        t = keras.ops.cast(step, "float32")
        if self.unit == "epoch":
            t = keras.ops.floor(t / self.steps_per_epoch)
        return self.c1 / (t + self.c2)

    def get_config(self):
        return {
            "c1": self.c1,
            "c2": self.c2,
            "unit": self.unit,
            "steps_per_epoch": self.steps_per_epoch,
            "name": self.name,
        }
