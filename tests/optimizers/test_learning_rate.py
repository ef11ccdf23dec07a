"""`current_learning_rate`: the rate of the optimizer's next step, as a float."""

import math

import keras
import pytest

from kzoo.optimizers import current_learning_rate
from kzoo.schedules import create_schedule


def optimizer(rate):
    built = keras.optimizers.Adam(rate)
    built.build([keras.Variable(1.0)])
    return built


def test_a_constant_rate_reads_as_its_float():
    assert current_learning_rate(optimizer(0.01)) == pytest.approx(0.01)


@pytest.mark.parametrize("rate", [0.002, 1e-4, 0.03, 3.0e-3 / 2])
def test_a_rate_reads_as_the_decimal_it_was_given(rate):
    # Not the float32's binary expansion (0.0020000000949949026).
    assert current_learning_rate(optimizer(rate)) == rate


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("cosine", {"warmup": 0.2}),  # Keras's CosineDecay, its warm-up a cond.
        ("reciprocal", {}),
    ],
)
def test_a_schedule_reads_as_its_value_at_the_current_step(name, arguments):
    schedule = create_schedule(
        name, learning_rate=0.02, steps_per_epoch=50, epochs=4, **arguments
    )
    opt = optimizer(schedule)
    for step in (0, 7, 60, 199):
        opt.iterations.assign(step)
        expected = float(keras.ops.convert_to_numpy(schedule(step)))
        # Compiled once on JAX, eager elsewhere: the same value to rounding.
        assert current_learning_rate(opt) == pytest.approx(expected, rel=1e-6)


def test_no_optimizer_reads_as_nan():
    assert math.isnan(current_learning_rate(None))
