"""`main`: a recipe run as a command, for `kzoo train NAME`, `kzoo babysit
NAME` and `python recipes/NAME.py`: errors a user can act on end it in one
line."""

import sys

from kzoo._internal.warning_lines import one_line_warnings
from kzoo.training.options import parse
from kzoo.training.startup import quiet_start_asked, start_keras

# 128 + SIGINT: what a shell reports for a command that Ctrl-C stopped.
INTERRUPTED = 130


def main(recipe, argv=None, command="train", job=None, options=None):
    """Runs `recipe` with the command-line `argv`; returns the exit status 0.

    A diverged run, a run directory that holds another run, and bad data or
    arguments exit non-zero with one line (`SystemExit`), not a traceback.
    Ctrl-C exits 130 with one line that says how to resume.

    Args:
        recipe: A `Recipe`.
        argv: Its command-line options. Defaults to `None`, the process's.
        command: The command's name in messages. Defaults to `"train"`.
        job: What runs it, a function of `(recipe, argv)`. Defaults to
            `None`, `kzoo.training.run`.
        options: The command's parser, if not `kzoo train`'s. Defaults to
            `None`.
    """
    one_line_warnings()
    # Options first, without Keras: `--help` answers at once. Then Keras
    # starts with its backend's C++ start-up log hidden (oneDNN, CUDA, CPU
    # features; see kzoo.training.startup) unless `--verbose 2` asks for it.
    try:
        parsed, run_options = parse(recipe, argv, options)
        if job is None and _said_finished(parsed, run_options, command):
            return 0
        start_keras(
            quiet=quiet_start_asked(run_options.verbose),
            before_devices=lambda: _join(run_options),
        )
    except KeyboardInterrupt:
        # Ctrl-C while the backend loads (seconds for TensorFlow): nothing
        # was trained or written yet, and its hidden log explains nothing.
        exit_interrupted("interrupted before training began")
    from kzoo.distribution import JoinFailed
    from kzoo.training.loop import TrainingDiverged, TrainingInterrupted, run

    try:
        (job or run)(recipe, argv)
    except (TrainingDiverged, FileNotFoundError, ValueError, JoinFailed) as error:
        raise SystemExit(f"kzoo {command} {recipe.name}: error: {error}") from None
    except TrainingInterrupted as interrupted:
        exit_interrupted(interrupted)
    return 0


def _said_finished(recipe, run_options, command):
    """Whether the run directory holds this finished run, said in one line.

    Checked before Keras starts, which takes seconds, to say what `run`
    would say after it. Not for a run of several processes, which agree on
    it after they join, nor for another `job` (babysit changes the recipe).
    """
    from kzoo.training.run_directory import METRICS, RunDirectory

    if run_options.restart or run_options.num_processes > 1:
        return False
    if not (run_options.out / METRICS).is_file():
        return False
    directory = RunDirectory(run_options.out)
    try:
        directory.check_same_run(recipe)
        metrics = directory.finished_metrics()
    except (ValueError, OSError) as error:  # RunMismatch, or unreadable files.
        raise SystemExit(f"kzoo {command} {recipe.name}: error: {error}") from None
    print(directory.finished_note(recipe.name, metrics))
    return True


def exit_interrupted(message):
    """Ends a command that Ctrl-C stopped: `message` on one line, exit 130."""
    # On a terminal, the echoed ^C (or a progress bar) ends no line.
    start = "\n" if sys.stderr.isatty() else ""
    print(f"{start}{message}", file=sys.stderr)
    raise SystemExit(INTERRUPTED) from None


def _join(run_options):
    # Imported here, inside start_keras's quiet start: it imports Keras.
    from kzoo.training import distributed

    distributed.join(run_options)
