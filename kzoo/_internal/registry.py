"""A name -> builder registry, shared by models, optimizers and later parts.

Modelled on timm's model registry: builders are small functions registered by
name, looked up with `get`, and listed with shell-style patterns. Unknown and
duplicate names fail loudly; an unknown name's error lists the closest names.
"""

import difflib
import fnmatch


class Registry:
    """Maps names to builder functions for one kind of object.

    Args:
        kind: What the registry holds, used in error messages, e.g. `"model"`.
        argument: The argument name that selects an entry, used in error
            messages, e.g. `"name"`. Defaults to `"name"`.
    """

    def __init__(self, kind, argument="name"):
        self.kind = kind
        self.argument = argument
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
            if key in self._entries:
                existing = self._entries[key]
                raise ValueError(
                    f"A {self.kind} named {key!r} is already registered (by "
                    f"{existing.__module__}.{existing.__qualname__}). Pick "
                    "another name."
                )
            self._entries[key] = fn
            return fn

        return decorator(fn) if fn is not None else decorator

    def get(self, name):
        """Returns the builder registered under `name`."""
        try:
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
        return sorted(fnmatch.filter(self._entries, pattern))

    def __contains__(self, name):
        return name in self._entries

    def unknown(self, name, note=""):
        """Returns the ValueError for an unknown `name`, naming close matches."""
        close = difflib.get_close_matches(str(name), self._entries, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        return ValueError(
            f"Unknown {self.kind}: {self.argument}={name!r}.{hint} Available: "
            f"{', '.join(sorted(self._entries))}.{' ' + note if note else ''}"
        )
