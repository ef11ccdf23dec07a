"""`tune`: the course's "caviar" search, many models at once, as `kzoo tune`.

With `--parallel K`, kzoo starts KerasTuner's own distributed mode on this
machine: a chief process that runs the oracle and serves it over gRPC on
127.0.0.1 (or `--listen`), and K worker processes that each ask it for a
trial, train it and report back. Workers on other machines join the same
search with `kzoo tune RECIPE --chief HOST:PORT --out DIR` (DIR on a shared
disk, the chief's address reachable). When the search ends, kzoo ranks the
trials on dev accuracy (`leaderboard.csv`) and tests the winner once
(`best/`).
"""

import argparse
import contextlib
import io
import os
import shlex
import socket

from kzoo._internal.validation import (
    check_non_negative_int,
    check_positive_int,
    invalid,
)
from kzoo.training.option_types import reader
from kzoo.training.options import parse
from kzoo.training.options import parser as training_parser
from kzoo.training.settings import parse_int
from kzoo.training.startup import quiet_start_asked, start_keras
from kzoo.tuning import search_processes, search_record

# KerasTuner's oracles by kzoo's names (see kzoo.tuning.search.make_oracle).
ORACLES = ("random", "bayesian", "hyperband")
DEFAULT_TRIALS = 10
# How long a worker tries to reach its chief before it gives up.
JOIN_TIMEOUT = 60.0


def parser(recipe):
    """`kzoo tune NAME`'s options: the recipe's settings (each trial's
    starting point), the run options, and the search's own."""
    options = training_parser(recipe, command="tune")
    options.description = (
        f"Search the hyperparameters of {recipe.name} with KerasTuner; each "
        "trial is a kzoo run, judged on the dev set."
    )
    search = options.add_argument_group("search options")
    add = search.add_argument
    add(
        "--trials",
        type=reader("trials", parse_int, check_positive_int),
        help=f"trials to run (default: {DEFAULT_TRIALS}; with --oracle hyperband "
        "its brackets set the count, from --epochs)",
    )
    add(
        "--parallel",
        type=reader("parallel", parse_int, check_positive_int),
        default=1,
        help="trials at once, one process "
        "each, through KerasTuner's chief and workers (default: 1)",
    )
    add(
        "--oracle",
        choices=ORACLES,
        default="random",
        help="how trials are picked (default: random)",
    )
    add(
        "--space",
        nargs="+",
        default=[],
        metavar="NAME=LOW:HIGH",
        help="narrow, widen (NAME=LOW:HIGH), fix (NAME=VALUE) or leave out "
        "(NAME=none) a range of kzoo.tuning.SearchSpace",
    )
    add(
        "--oracle-seed",
        type=reader("oracle_seed", parse_int, check_non_negative_int),
        default=0,
        help="the oracle's seed (default: 0)",
    )
    add(
        "--listen",
        default="127.0.0.1",
        help="the address the chief serves on (default: 127.0.0.1)",
    )
    add(
        "--chief",
        type=reader("chief", str, check_address),
        metavar="HOST:PORT",
        help="join the search whose chief is there, as one more worker",
    )
    add(
        "--in-process",
        action="store_true",
        help="train each trial in its worker's process, not a child of its "
        "own: saves Keras's start (seconds) per trial, but the worker grows "
        "by what TensorFlow keeps of each trial",
    )
    add("--role", choices=("chief", "worker"), help=argparse.SUPPRESS)
    return options


def _refused_space(words, error):
    """The error for a `--space` that `error` refuses. Not `invalid`: `error`
    already names the bad part and its value; this adds the option's words."""
    return ValueError(
        f"Argument `space` is refused: {error} (--space {shlex.join(words)})"
    )


def tune(recipe, argv=None):
    """Runs `kzoo tune` for `recipe` with `argv`; returns the winner's metrics
    (`None` for a process of a parallel search)."""
    options = parser(recipe)
    args = options.parse_args(argv)  # The search's options; then the recipe's.
    recipe, run = parse(recipe, argv, options)
    args.out, args.data_dir = run.out, run.data_dir
    _check_search_options(args)
    from kzoo.tuning.space import SearchSpace, parse_changes

    try:
        changes = parse_changes(args.space)
    except ValueError as error:
        raise _refused_space(args.space, error) from None
    # A rerun goes on with the same search, or is refused before it mixes
    # trials of other settings into the leaderboard (recorded below, once
    # the space is known to be good).
    search_record.check_or_write(args.out, recipe, args, changes, write=False)
    if args.chief:
        _join(args.chief)
    start_keras(quiet=quiet_start_asked(run.verbose))
    _require_keras_tuner(args.oracle)
    try:  # It starts Keras: after the quiet start.
        space = SearchSpace.for_recipe(recipe, **changes)
    except ValueError as error:
        raise _refused_space(args.space, error) from None
    search_record.check_or_write(args.out, recipe, args, changes, not args.chief)
    from kzoo.tuning import leaderboard
    from kzoo.tuning.search import RecipeTuner, make_oracle

    def tuner():
        trials = args.trials or DEFAULT_TRIALS
        oracle = make_oracle(args.oracle, trials, recipe, args.oracle_seed)
        return RecipeTuner(space, oracle, args.out, args.data_dir, args.in_process)

    if args.role or args.chief:
        tuner().search()
        return None
    if args.parallel > 1:
        total = None if args.oracle == "hyperband" else args.trials or DEFAULT_TRIALS
        search_processes.run_processes(recipe, argv, args, total)
    else:
        tuner().search()
    # Read from the trials' own files: this process's tuner reloads only
    # what its id (tuner0) last saved, which misses a worker killed before
    # it finished a trial. Made again only to read them, it would print
    # KerasTuner's "Reloading Tuner", as if the search began again.
    with contextlib.redirect_stdout(io.StringIO()):
        oracle = tuner().oracle
    oracle.reload()
    rows = leaderboard.leaderboard(oracle, args.out)
    path = leaderboard.write_leaderboard(rows, args.out)
    searched = {n: r.scale for n, r in space.ranges.items() if not r.fixed}
    curves, errors = leaderboard.draw(rows, args.out, searched)
    best = leaderboard.evaluate_winner(rows, args.out, args.data_dir)
    print(
        f"leaderboard: {path}; every trial's curves: {curves}; dev error by "
        f"hyperparameter: {errors}"
    )
    print(
        f"best: trial {best['trial']}, dev accuracy {best['dev_accuracy']:.2%}, "
        f"test accuracy {best['test_accuracy']:.2%} (the one look at the test "
        f"set); model and metrics in {args.out / 'best'}"
    )
    return best


def check_address(name, value):
    """Checks a `HOST:PORT` address; returns it."""
    host, _, port = str(value).rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise invalid(name, value, "must be HOST:PORT, with a port in 1-65535")
    return value


def _check_search_options(args):
    if args.oracle == "hyperband" and args.trials is not None:
        raise invalid(
            "trials",
            args.trials,
            "is not for --oracle hyperband, whose brackets set the number of "
            "trials from the recipe's --epochs; leave --trials out",
        )
    if args.chief and args.parallel > 1:
        raise invalid(
            "parallel",
            args.parallel,
            "is for the machine that starts the search; a worker joining one "
            "with --chief is one process (start more to add more)",
        )


def _require_keras_tuner(oracle):
    # Loaded after the backend's quiet start (it imports Keras), and checked
    # here, before the search, so that a missing `tune` extra is one line.
    try:
        import keras_tuner  # noqa: F401

        if oracle == "bayesian":  # KerasTuner's Gaussian process.
            import sklearn  # noqa: F401
    except ImportError as error:
        raise SystemExit(
            f'kzoo tune: error: {error}; install KerasTuner: pip install "kzoo[tune]"'
        ) from None


def _join(address):
    """Points KerasTuner at the chief, once it answers (else one line)."""
    host, _, port = address.rpartition(":")
    print(f"joining the search whose chief is at {address} ...", flush=True)
    try:
        socket.create_connection((host, int(port)), timeout=JOIN_TIMEOUT).close()
    except OSError as error:
        raise ValueError(
            f"no chief answers at --chief {address} ({error}); start the search "
            "there first (kzoo tune ... --parallel K --listen ADDRESS)"
        ) from None
    os.environ.update(
        KERASTUNER_TUNER_ID=f"worker-{socket.gethostname()}-{os.getpid()}",
        KERASTUNER_ORACLE_IP=host,
        KERASTUNER_ORACLE_PORT=port,
    )
