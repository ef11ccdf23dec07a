"""How kzoo's assertions fail: AssertionError saying expected and found.

The assertions raise explicitly rather than use `assert`, so they still check
under `python -O`, and their messages read as a diagnosis.
"""


def expect(condition, message):
    """Raises AssertionError(`message`) unless `condition` holds."""
    if not condition:
        raise AssertionError(message)
