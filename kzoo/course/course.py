"""`kzoo course`: every experiment, then the gallery."""

import os
import platform
import sys
import time
from pathlib import Path

from kzoo.course.catalog import list_experiments, run_experiment
from kzoo.course.gallery import write_gallery
from kzoo.training.startup import quiet_start_asked, start_keras


def run_course(out, quick=False, seed=0, data_dir=None, only=None, command=None):
    """Runs the experiments in order, printing a line as each starts and
    ends, and writes the gallery into `out`.

    Args:
        out: The gallery's folder (created).
        quick: Small data and few steps (tests). Defaults to `False`.
        seed: The seed every experiment gets. Defaults to `0`.
        data_dir: MNIST for full runs (see `kzoo.course.Setting`). Defaults
            to `None`.
        only: Experiment numbers or names to run; `None` runs all. Defaults
            to `None`.
        command: The command line, for the gallery's header. Defaults to
            `None`.

    Returns:
        The outcomes, in order; an experiment that raised has its `error`.
    """
    experiments = list_experiments(only)  # A wrong name fails before Keras starts.
    start_keras(quiet=quiet_start_asked(verbose=0))
    from kzoo.training.provenance import git_commit  # It imports Keras.

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    outcomes, start = [], time.perf_counter()
    for index, experiment in enumerate(experiments, 1):
        print(f"[{index}/{len(experiments)}] {experiment.name} ...", flush=True)
        outcome = run_experiment(experiment, out, quick, seed, data_dir)
        outcomes.append(outcome)
        print(f"    {_line(outcome)}", flush=True)
    data = _data(quick, data_dir)
    about = _about(data, seed, command, git_commit(), time.perf_counter() - start)
    index = write_gallery(outcomes, out, about)
    print(f"gallery: {index} and {index.with_suffix('.html')}")
    return outcomes


def _line(outcome):
    if outcome.error:
        return f"FAILED after {outcome.seconds:.1f} s: {outcome.error}"
    shown = "shown" if outcome.finding.holds else "NOT shown"
    return f"{outcome.finding.measured} ({shown}, {outcome.seconds:.1f} s)"


def _data(quick, data_dir):
    """Where the experiments' digits came from, for the header."""
    if quick:
        return "quick: small sizes from kzoo's bundled sample"
    from kzoo.data import load_mnist

    *_, source = load_mnist(data_dir, with_source=True)
    return f"full: MNIST's training set from {source} (sizes in each experiment)"


def _about(data, seed, command, commit, seconds):
    import keras

    import kzoo

    about = [
        ("command", f"`{command}`" if command else "kzoo.course.run_course"),
        ("data", data),
        ("seed", seed),
        ("kzoo", kzoo.__version__ + (f", commit {commit[:7]}" if commit else "")),
        ("keras", f"{keras.__version__}, backend {keras.backend.backend()}"),
        ("machine", f"{platform.machine()}, {os.cpu_count()} CPU cores"),
        ("python", sys.version.split()[0]),
        ("time", f"{seconds:.0f} s"),
    ]
    return about
