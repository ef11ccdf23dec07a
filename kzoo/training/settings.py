"""How a recipe's settings are checked, and read from command-line text.

The checks complete `kzoo._internal.validation`: each takes the setting's
name and value and returns the cleaned value, or raises the ValueError that
names both. The parsers turn an option's text into a value for the check;
text they cannot read passes through unchanged, so that the check's message
(say, "must be a positive integer") is the one a user sees.
"""

import difflib
import json
import re
from collections.abc import Mapping

from kzoo import optimizers
from kzoo._internal.validation import (
    check_fraction,
    check_positive_int,
    invalid,
)
from kzoo.models import list_models
from kzoo.optimizers import list_optimizers
from kzoo.schedules import list_schedules
from kzoo.training.precision import AUTO


class FrozenDict(dict):
    """A dict that refuses changes, so that a frozen `Recipe` stays frozen."""

    def _refuse(self, *args, **kwargs):
        raise TypeError(
            "A recipe's settings cannot change; make a variant with "
            "dataclasses.replace(recipe, ...)."
        )

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self):
        return hash(tuple(sorted(self.items())))

    def __reduce__(self):
        return (FrozenDict, (dict(self),))


def check_name(name, value):
    """A non-empty name of letters, digits, `_`, `.` and `-` (it names files)."""
    if not isinstance(value, str) or not re.fullmatch(r"[\w.-]+", value):
        raise invalid(name, value, "must be a name of letters, digits, _, . or -")
    return value


def check_text(name, value):
    """Any string."""
    if not isinstance(value, str):
        raise invalid(name, value, "must be a string")
    return value


def check_bool(name, value):
    """True or False."""
    if not isinstance(value, bool):
        raise invalid(name, value, "must be True or False")
    return value


def check_mixed_precision(name, value):
    """True, False or "auto" (see `kzoo.training.precision`)."""
    if not (isinstance(value, bool) or value == AUTO):
        raise invalid(name, value, f'must be True, False or "{AUTO}"')
    return value


def check_optional_positive_int(name, value):
    """`None` or an integer > 0."""
    return None if value is None else check_positive_int(name, value)


def check_share(name, value):
    """A share in (0, 1): some data, and not all of it."""
    if check_fraction(name, value) == 0:
        raise invalid(name, value, "must be in (0, 1)")
    return float(value)


def check_model(name, value):
    """A registered model name (`kzoo.models.list_models()`)."""
    return _check_registered(name, value, "model", list_models())


def check_schedule(name, value):
    """A registered schedule name (`kzoo.schedules.list_schedules()`)."""
    return _check_registered(name, value, "schedule", list_schedules())


def check_optimizer(name, value):
    """An optimizer preset's name, or another optimizer name Keras knows."""
    if isinstance(value, str) and value in list_optimizers():
        return value
    try:
        # Keras (started only here, for a name no preset has) knows the rest.
        known = isinstance(value, str) and optimizers.get(value) is not None
    except (TypeError, ValueError):
        known = False
    if not known:
        presets = ", ".join(list_optimizers())
        raise invalid(name, value, f"must be an optimizer name ({presets}, or Keras's)")
    return value


def check_settings(name, value):
    """A mapping of keyword arguments with JSON values; returns it frozen.

    Lists become tuples and dicts `FrozenDict`s, so that a setting read back
    from JSON equals the one written.
    """
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise invalid(name, value, "must be a mapping of argument names to values")
    try:
        json.dumps(_thawed(value))
    except (TypeError, ValueError):
        raise invalid(name, value, "must hold JSON values only") from None
    return _frozen(value)


def to_json(value):
    """`value` with tuples as lists and mappings as dicts, for `json.dumps`."""
    return _thawed(value)


def _check_registered(name, value, kind, names):
    if value in names:
        return value
    close = difflib.get_close_matches(str(value), names, n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
    raise invalid(name, value, f"must be a registered {kind}: {', '.join(names)}{hint}")


def _frozen(value):
    if isinstance(value, Mapping):
        return FrozenDict({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _thawed(value):
    if isinstance(value, Mapping):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thawed(v) for v in value]
    return value


# === Parsers: command-line text to values ===


def parse_int(text):
    """An integer, or the text unchanged."""
    try:
        return int(text)
    except ValueError:
        return text


def parse_float(text):
    """A number, or the text unchanged."""
    try:
        return float(text)
    except ValueError:
        return text


def parse_optional_int(text):
    """`none` as None, else an integer (or the text unchanged)."""
    return None if text.lower() == "none" else parse_int(text)


def parse_settings(items):
    """Keyword arguments from `KEY=VALUE` items or one JSON object.

    Each VALUE is read as JSON where it can be (`3`, `0.5`, `[64,64]`,
    `true`), else kept as a string.
    """
    if len(items) == 1 and items[0].lstrip().startswith("{"):
        return json.loads(items[0])
    settings = {}
    for item in items:
        key, equals, text = item.partition("=")
        if not equals or not key:
            raise ValueError(f"must be KEY=VALUE pairs or a JSON object, not {item!r}")
        try:
            settings[key] = json.loads(text)
        except ValueError:
            settings[key] = text
    return settings


def parse_augment(items):
    """`none` as None, else the spec's fields as for `parse_settings`."""
    return None if [i.lower() for i in items] == ["none"] else parse_settings(items)
