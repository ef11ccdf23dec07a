"""`babysit`: the course's "panda", one model trained and watched, as
`kzoo babysit`.

It is `kzoo train` with a `kzoo.callbacks.Babysitter` after each epoch:
`curves.png` is redrawn, the epoch's figures and the bias/variance verdict
are printed, and a person at a terminal is asked whether to go on, change
the learning rate or stop. Without a terminal, or with `--patience P`, the
patience rule decides. Each decision goes to `config.json` (`babysitting`)
and each change of rate is marked on the curves. The run resumes like any
other, with the rate last set.

A babysat rate is set by hand, so the run uses a constant rate: a recipe's
schedule is replaced by `constant` (asking for another with `--schedule` is
an error).
"""

import argparse
import dataclasses
import sys

from kzoo._internal.validation import invalid
from kzoo.training.options import parse
from kzoo.training.options import parser as training_parser
from kzoo.training.settings import parse_int

FALLBACK_PATIENCE = 3  # As kzoo.callbacks.babysitter's, without importing Keras.


def parser(recipe):
    """`kzoo babysit NAME`'s options: `kzoo train NAME`'s and `--patience`."""
    options = training_parser(recipe, command="babysit")
    options.description = (
        f"Train {recipe.name} one epoch at a time, watched: after each, its "
        "curves and verdict, then go on, change the learning rate, or stop."
    )
    group = options.add_argument_group("babysitting options")
    group.add_argument(
        "--patience",
        type=_patience,
        help="decide without asking: halve the learning rate once when the dev "
        "error has not improved for P epochs, then stop when it again has not "
        f"(default: ask on a terminal, else patience {FALLBACK_PATIENCE})",
    )
    return options


def babysit(recipe, argv=None, ask=input, interactive=None):
    """Runs `kzoo babysit` for `recipe` with `argv`; returns the metrics.

    Args:
        recipe: A `Recipe`; `argv` may change its settings as for `kzoo train`.
        argv: Command-line options, those of `kzoo babysit NAME --help`.
            Defaults to `None`, the process's own arguments.
        ask: How a person is asked after each epoch (the prompt in, the
            reply out), if `interactive` and no `--patience`. Defaults to
            `input`.
        interactive: Whether a person answers; `None`: whether standard
            input is a terminal. Defaults to `None`.
    """
    options = parser(recipe)
    patience = options.parse_args(argv).patience
    recipe, run = parse(recipe, argv, options)
    recipe = _constant_rate(recipe, argv, options)
    if interactive is None:
        interactive = sys.stdin.isatty()
    if patience is None and not interactive:
        patience = FALLBACK_PATIENCE
    print(
        "after each epoch: "
        + (f"patience {patience} decides" if patience else "you decide")
        + f"; curves redrawn in {run.out / 'curves.png'}"
    )
    if run.verbose == 1:
        # One line an epoch: a progress bar would be redrawn after the
        # babysitter's lines, and glued to their start.
        run = dataclasses.replace(run, verbose=2)
    from kzoo.callbacks import Babysitter
    from kzoo.training.loop import train

    def watch(directory, curves, report):
        first = directory.resumed_epoch()
        directory.start_babysitting({"patience": patience}, until=first)
        return [
            Babysitter(
                patience,
                ask=ask,
                report=report,
                curves=curves,
                decisions=directory.decisions(),
                on_decision=directory.record,
            )
        ]

    return train(recipe, run, watch=watch)


def _constant_rate(recipe, argv, options):
    if recipe.schedule == "constant":
        return recipe
    if "schedule" in vars(options.parse_args(argv)):
        raise invalid(
            "schedule",
            recipe.schedule,
            "must be constant for kzoo babysit, which sets the learning rate by hand",
        )
    print(
        f"the learning rate is set by hand here: {recipe.name}'s schedule "
        f"{recipe.schedule!r} is replaced by a constant {recipe.learning_rate:g}"
    )
    return dataclasses.replace(recipe, schedule="constant", schedule_args={})


def _patience(text):
    value = parse_int(text)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise argparse.ArgumentTypeError(f"must be a positive integer. Received: {text!r}")
