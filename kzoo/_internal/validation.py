"""Argument checks shared by every kzoo module.

Errors are worded the way Keras words them, so a user sees one style across
Keras and kzoo: "Argument `units` must be a positive integer. Received:
units=0". Each check returns the cleaned value, so callers can write
`units = check_positive_int("units", units)`.
"""

import difflib
import numbers
from collections.abc import Iterable


def did_you_mean(value, choices, n=1, cutoff=0.6):
    """ " Did you mean 'x'?" for the choices closest to `value`, else ""."""
    close = difflib.get_close_matches(str(value), list(choices), n=n, cutoff=cutoff)
    return f" Did you mean {', '.join(map(repr, close))}?" if close else ""


def invalid(name, value, requirement):
    """Returns the ValueError that names `name`, its value and the rule broken."""
    # A description such as "<array of shape (0, 28)>" stands for an array
    # too big to print, and reads better unquoted.
    described = isinstance(value, str) and value.startswith("<") and value.endswith(">")
    shown = value if described else repr(value)
    return ValueError(f"Argument `{name}` {requirement}. Received: {name}={shown}")


def check_positive_int(name, value):
    """Checks that `value` is an integer > 0 (bools are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise invalid(name, value, "must be a positive integer")
    if value <= 0:
        raise invalid(name, value, "must be a positive integer")
    return int(value)


def check_non_negative_int(name, value):
    """Checks that `value` is an integer >= 0 (bools are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise invalid(name, value, "must be a non-negative integer")
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


def _is_flag(value):
    # A boolean, or 0 or 1: not a string such as "no", which is truthy.
    return isinstance(value, bool) or (
        isinstance(value, numbers.Integral) and value in (0, 1)
    )


def check_bool(name, value):
    """Checks a boolean (or 0 or 1), such as `batch_norm`."""
    if not _is_flag(value):
        raise invalid(name, value, "must be a boolean (True or False)")
    return bool(value)


def check_flags(name, value, count):
    """Checks one boolean for all `count` layers, or one boolean per layer."""
    if _is_flag(value):
        return (bool(value),) * count
    flags = tuple(value) if isinstance(value, (list, tuple)) else None
    if flags is None or len(flags) != count or not all(map(_is_flag, flags)):
        raise invalid(
            name, value, f"must be a boolean or {count} booleans, one per stage"
        )
    return tuple(bool(f) for f in flags)


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


def check_examples(x, y=None, *, x_name="x", y_name="y", num_classes=None):
    """Checks a dataset before any framework sees it; returns NumPy arrays.

    `x`: numbers, at least one example, finite (a NaN input turns every
    loss and gradient into NaN, far from its cause). `y`: one label per
    example; with `num_classes`, integer class ids in [0, num_classes) (0/1
    for 2 classes), since sparse cross-entropy crashes deep inside the
    backend, or silently trains on garbage, on anything else.
    """
    import numpy as np

    x = np.asarray(x)
    if x.ndim == 0 or len(x) == 0:
        raise invalid(x_name, f"<array of shape {x.shape}>", "must hold examples")
    if not np.issubdtype(x.dtype, np.number) and x.dtype != bool:
        raise TypeError(
            f"Argument `{x_name}` must hold numbers. Received: {x_name} of dtype "
            f"{x.dtype}"
        )
    if np.issubdtype(x.dtype, np.floating) and not np.all(np.isfinite(x)):
        bad = int(np.sum(~np.isfinite(x)))
        raise invalid(x_name, f"<array with {bad} NaN or Inf>", "must be finite")
    if y is None:
        return x
    y = np.asarray(y)
    if len(y) != len(x):
        raise invalid(
            y_name, f"<{len(y)} labels>", f"must hold {len(x)} labels, one per example"
        )
    if num_classes is not None:
        check_class_ids(y_name, y, num_classes)
    return x, y


def check_class_ids(name, y, num_classes):
    """Checks integer class ids in [0, num_classes)."""
    import numpy as np

    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(
            f"Argument `{name}` must hold integer class ids. Received: {name} of "
            f"dtype {y.dtype}"
        )
    low, high = int(y.min()), int(y.max())
    if low < 0 or high >= num_classes:
        raise invalid(
            name,
            f"<labels from {low} to {high}>",
            f"must be class ids in [0, {num_classes})",
        )


def check_images(name, x):
    """Checks `(N, H, W)` or `(N, H, W, C)` images with 1 or 3 channels."""
    if x.ndim not in (3, 4) or (x.ndim == 4 and x.shape[-1] not in (1, 3)):
        raise invalid(
            name,
            f"<array of shape {x.shape}>",
            "must be images of shape (N, H, W) or (N, H, W, C) with 1 or 3 channels",
        )
    return x
