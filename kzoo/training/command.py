"""`main`: a recipe run as a command, for `kzoo train NAME` and
`python recipes/NAME.py`: errors a user can act on end it in one line."""

from kzoo.training.loop import TrainingDiverged, run


def main(recipe, argv=None):
    """Runs `recipe` with the command-line `argv`; returns the exit status 0.

    A diverged run, a run directory that holds another run, and bad data or
    arguments exit non-zero with one line (`SystemExit`), not a traceback.
    """
    try:
        run(recipe, argv)
    except (TrainingDiverged, FileNotFoundError, ValueError) as error:
        raise SystemExit(f"kzoo train {recipe.name}: error: {error}") from None
    return 0
