"""Argument checks, worded as Keras words them."""

import numpy as np
import pytest

from kzoo._internal import validation


@pytest.mark.parametrize("value", [1, 7, np.int64(3)])
def test_positive_int_accepts(value):
    assert validation.check_positive_int("units", value) == int(value)


@pytest.mark.parametrize("value", [0, -1, 2.0, True, "3", None])
def test_positive_int_rejects(value):
    with pytest.raises(
        ValueError, match=rf"Argument `units`.*Received: units={value!r}"
    ):
        validation.check_positive_int("units", value)


def test_positive_ints():
    assert validation.check_positive_ints("sizes", [3, np.int32(4)]) == (3, 4)
    assert validation.check_positive_ints("sizes", 5) == (5,)
    assert validation.check_positive_ints("sizes", ()) == ()
    for bad in [(3, 0), "34", (2.5,), None]:
        with pytest.raises(ValueError, match="`sizes`"):
            validation.check_positive_ints("sizes", bad)
    with pytest.raises(ValueError, match="at least one"):
        validation.check_positive_ints("sizes", (), allow_empty=False)
    with pytest.raises(ValueError, match="exactly 2"):
        validation.check_positive_ints("sizes", (1, 2, 3), length=2)


def test_ranges():
    assert validation.check_fraction("dropout", 0) == 0.0
    assert validation.check_non_negative("l2", 0) == 0.0
    assert validation.check_positive("learning_rate", 1e-3) == 1e-3
    cases = [
        (validation.check_fraction, [1.0, -0.1, float("nan"), "0.5"]),
        (validation.check_non_negative, [-1e-9, float("inf"), float("nan")]),
        (validation.check_positive, [0, -1.0, float("inf"), None]),
    ]
    for check, values in cases:
        for value in values:
            with pytest.raises(ValueError, match=r"Argument `x`.*Received: x="):
                check("x", value)


def test_one_of():
    assert validation.check_one_of("pooling", "max", ("max", "average")) == "max"
    with pytest.raises(ValueError, match=r"'max', 'average'.*pooling='min'"):
        validation.check_one_of("pooling", "min", ("max", "average"))
