"""Argument checks shared by every kzoo module.

Errors are worded the way Keras words them, so a user sees one style across
Keras and kzoo: "Argument `units` must be a positive integer. Received:
units=0". Each check returns the cleaned value, so callers can write
`units = check_positive_int("units", units)`.
"""

import numbers
from collections.abc import Iterable


def invalid(name, value, requirement):
    """Returns the ValueError that names `name`, its value and the rule broken."""
    return ValueError(f"Argument `{name}` {requirement}. Received: {name}={value!r}")


def check_positive_int(name, value):
    """Checks that `value` is an integer > 0 (bools are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise invalid(name, value, "must be a positive integer")
    if value <= 0:
        raise invalid(name, value, "must be a positive integer")
    return int(value)


def check_positive_ints(name, values, allow_empty=True, length=None):
    """Checks a sequence of positive integers (layer sizes, filter counts).

    `length`, when given, is the exact number of integers required.
    """
    if isinstance(values, numbers.Integral) and not isinstance(values, bool):
        values = (values,)
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise invalid(name, values, "must be a sequence of positive integers")
    values = tuple(values)
    if not values and not allow_empty:
        raise invalid(name, values, "must hold at least one positive integer")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise invalid(name, values, "must be a sequence of positive integers")
        if value <= 0:
            raise invalid(name, values, "must hold only positive integers")
    if length is not None and len(values) != length:
        raise invalid(name, values, f"must hold exactly {length} positive integers")
    return tuple(int(v) for v in values)


def check_fraction(name, value):
    """Checks a rate in [0, 1), such as a dropout rate."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise invalid(name, value, "must be a number in [0, 1)")
    if not 0.0 <= value < 1.0:
        raise invalid(name, value, "must be in [0, 1)")
    return float(value)


def check_non_negative(name, value):
    """Checks a finite number >= 0, such as an L2 factor."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise invalid(name, value, "must be a number >= 0")
    if not 0.0 <= value < float("inf"):
        raise invalid(name, value, "must be a finite number >= 0")
    return float(value)


def check_positive(name, value):
    """Checks a finite number > 0, such as a learning rate."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise invalid(name, value, "must be a number > 0")
    if not 0.0 < value < float("inf"):
        raise invalid(name, value, "must be a finite number > 0")
    return float(value)


def check_one_of(name, value, choices):
    """Checks that `value` is one of `choices`, listing them if not."""
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise invalid(name, value, f"must be one of {listed}")
    return value
