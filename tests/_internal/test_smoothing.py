"""The course's bias-corrected exponentially weighted average."""

import math

from kzoo._internal.smoothing import ExponentialAverage


def test_the_first_value_is_the_first_input_and_bad_values_are_skipped():
    average = ExponentialAverage(0.9)
    assert math.isnan(average.value)
    assert average.add(2.0) == 2.0  # Bias-corrected: no lean towards 0.
    assert average.add(math.nan) == 2.0
    assert average.add(math.inf) == 2.0
    # (0.9 * 0.1 * 2 + 0.1 * 4) / (1 - 0.81)
    assert math.isclose(average.add(4.0), (0.18 + 0.4) / 0.19)


def test_beta_zero_follows_the_input():
    average = ExponentialAverage(0.0)
    assert [average.add(v) for v in (3.0, 1.0, 5.0)] == [3.0, 1.0, 5.0]
