"""`main`: a recipe run as a command, for `kzoo train NAME` and
`python recipes/NAME.py`: errors a user can act on end it in one line."""

import sys

from kzoo.training.loop import TrainingDiverged, TrainingInterrupted, run

# 128 + SIGINT: what a shell reports for a command that Ctrl-C stopped.
INTERRUPTED = 130


def main(recipe, argv=None):
    """Runs `recipe` with the command-line `argv`; returns the exit status 0.

    A diverged run, a run directory that holds another run, and bad data or
    arguments exit non-zero with one line (`SystemExit`), not a traceback.
    Ctrl-C exits 130 with one line that says how to resume.
    """
    try:
        run(recipe, argv)
    except (TrainingDiverged, FileNotFoundError, ValueError) as error:
        raise SystemExit(f"kzoo train {recipe.name}: error: {error}") from None
    except TrainingInterrupted as interrupted:
        # On a terminal, the echoed ^C (or a progress bar) ends no line.
        start = "\n" if sys.stderr.isatty() else ""
        print(f"{start}{interrupted}", file=sys.stderr)
        raise SystemExit(INTERRUPTED) from None
    return 0
