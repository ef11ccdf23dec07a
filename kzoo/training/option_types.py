"""argparse helpers shared by the option groups: checked types, flag names."""

import argparse


def reader(name, parse, check):
    """An argparse `type`: text -> parse -> check, failing with the check's words."""

    def read(text):
        try:
            return check(name, parse(text))
        except (TypeError, ValueError) as error:
            raise argparse.ArgumentTypeError(
                f"{requirement(error, name)}. Received: {text!r}"
            ) from None

    read.__name__ = name  # argparse names the type in some messages.
    return read


def flag(name):
    """The option of a setting: `batch_size` -> `--batch-size`."""
    return "--" + name.replace("_", "-")


def requirement(error, name):
    """What a check's error asks for, without the argument's name and value.

    "Argument `epochs` must be a positive integer. Received: epochs=0" ->
    "must be a positive integer": the option and its text say the rest. An
    inner setting keeps its name: "`rotation` must be at most 180 ...".
    """
    text = str(error).removeprefix(f"Argument `{name}` ").removeprefix("Argument ")
    head, received, _ = text.rpartition(". Received: ")
    return head if received else text
