"""A name -> builder registry, shared by models, optimizers and later parts.

Modelled on timm's model registry: builders are small functions registered by
name, looked up with `get`, and listed with shell-style patterns. Unknown and
duplicate names fail loudly; an unknown name's error lists the closest names.

kzoo's own entries are declared by name and module (`built_in`) and imported
on first use: listing names and checking a recipe then import no Keras, which
(with TensorFlow) takes seconds, so `kzoo --help`, `kzoo list` and `kzoo train
NAME --help` answer at once. `tests/test_registry.py` checks each declaration
against what its module registers.
"""

import fnmatch
import importlib

from kzoo._internal.validation import did_you_mean


class Registry:
    """Maps names to builder functions for one kind of object.

    Args:
        kind: What the registry holds, used in error messages, e.g. `"model"`.
        argument: The argument name that selects an entry, used in error
            messages, e.g. `"name"`. Defaults to `"name"`.
        built_in: `{name: module}` of entries that `module` registers when
            imported; it is imported when one of them is first looked up.
            Defaults to none.
    """

    def __init__(self, kind, argument="name", built_in=None):
        self.kind = kind
        self.argument = argument
        self.built_in = dict(built_in or {})
        self._entries = {}

    def register(self, fn=None, *, name=None):
        """Registers `fn` under `name` (default: its `__name__`).

        Usable bare (`@registry.register`) or with a name
        (`@registry.register(name="x")`). Returns `fn` unchanged.
        """

        def decorator(fn):
            key = fn.__name__ if name is None else name
            if not isinstance(key, str) or not key:
                raise ValueError(
                    f"A {self.kind} needs a non-empty string name. Received: {key!r}"
                )
            module = self.built_in.get(key)
            if key in self._entries or module not in (None, fn.__module__):
                by = self._entries.get(key)
                by = f"{by.__module__}.{by.__qualname__}" if by else module
                raise ValueError(
                    f"A {self.kind} named {key!r} is already registered (by "
                    f"{by}). Pick another name."
                )
            self._entries[key] = fn
            return fn

        return decorator(fn) if fn is not None else decorator

    def get(self, name):
        """Returns the builder registered under `name`."""
        try:
            if name not in self._entries and name in self.built_in:
                importlib.import_module(self.built_in[name])
            return self._entries[name]
        except (KeyError, TypeError):
            raise self.unknown(name) from None

    def names(self, pattern="*"):
        """Returns the sorted names that match the shell-style `pattern`."""
        if not isinstance(pattern, str):
            raise ValueError(
                f"Argument `pattern` must be a shell-style string such as "
                f"'cnn*'. Received: pattern={pattern!r}"
            )
        return sorted(fnmatch.filter(self._names(), pattern))

    def __contains__(self, name):
        return isinstance(name, str) and name in self._names()

    def _names(self):
        return set(self._entries) | set(self.built_in)

    def unknown(self, name, note=""):
        """Returns the ValueError for an unknown `name`, naming close matches."""
        names = sorted(self._names())
        hint = did_you_mean(name, names, n=3, cutoff=0.5)
        return ValueError(
            f"Unknown {self.kind}: {self.argument}={name!r}.{hint} Available: "
            f"{', '.join(names)}.{' ' + note if note else ''}"
        )
