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
import signal
import socket
import subprocess
import time

from kzoo._internal.files import read_json, write_json
from kzoo._internal.processes import python_module_command
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
from kzoo.tuning import search_record

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
        raise invalid("space", " ".join(args.space), f"is refused: {error}") from None
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
        raise invalid("space", " ".join(args.space), f"is refused: {error}") from None
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
        _run_processes(recipe, argv, args)
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


def _run_processes(recipe, argv, args):
    """The chief and `args.parallel` workers, started, watched and stopped."""
    port = _free_port(args.listen)
    logs = args.out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    base = {
        **os.environ,
        "KERASTUNER_ORACLE_IP": args.listen,
        "KERASTUNER_ORACLE_PORT": str(port),
        # Several JAX processes share one GPU only if none takes it all.
        "XLA_PYTHON_CLIENT_PREALLOCATE": "false",
    }
    command = python_module_command("kzoo.cli", "tune", recipe.name, *(argv or []))
    processes = {}
    for name in ["chief"] + [f"tuner{i}" for i in range(args.parallel)]:
        role = "chief" if name == "chief" else "worker"
        with open(logs / f"{name}.log", "w") as log:
            processes[name] = subprocess.Popen(
                [*command, "--role", role],
                env={**base, "KERASTUNER_TUNER_ID": name},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    workers = [f"{n} (pid {p.pid})" for n, p in processes.items() if n != "chief"]
    print(
        f"chief on {args.listen}:{port} (pid {processes['chief'].pid}); workers: "
        f"{', '.join(workers)}; logs in {logs}",
        flush=True,
    )
    ended = {}
    try:
        workers = {n: p for n, p in processes.items() if n != "chief"}
        total = None if args.oracle == "hyperband" else args.trials or DEFAULT_TRIALS
        ended.update(_watch(workers, args.out, total))
        # KerasTuner's chief polls every 20 s for its workers to be gone
        # (oracle_chief.start_server); its oracle has saved every trial by
        # now, so it is stopped rather than waited for.
        ended["chief"] = _wait(processes["chief"], grace=2.0)
    finally:
        for process in processes.values():
            if process.returncode is None:
                process.terminate()
    write_json(logs / "processes.json", ended)
    failed = {name: e["exit"] for name, e in ended.items() if e["exit"]}
    if failed:
        raise ValueError(
            f"search processes failed: {failed}; see {logs}. The same command "
            "resumes the search: finished trials are kept, and an unfinished one "
            "resumes from its last finished epoch."
        )


def _watch(workers, out, trials):
    """Waits for the workers, printing each trial as it finishes: their own
    output goes to their logs, and a long search would otherwise look hung.
    `trials`: the search's count, or `None` (Hyperband's is its own).
    Returns what `_wait` returns, by worker."""
    ended, shown = {}, set(_finished_trials(out))  # Earlier runs' trials.
    while len(ended) < len(workers):
        for name, process in workers.items():
            if name not in ended:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    ended[name] = _ended(process, status, usage, grace=None)
        for trial, metrics in _finished_trials(out).items():
            if trial not in shown:
                shown.add(trial)
                dev = metrics.get("dev_accuracy", float("nan"))
                count = f"{len(shown)} of {trials}" if trials else len(shown)
                print(
                    f"trial {trial} done: dev accuracy {dev:.2%} ({count} finished)",
                    flush=True,
                )
        time.sleep(0.5)
    return ended


def _finished_trials(out):
    """`{trial id: metrics}` of the trials whose run wrote metrics.json."""
    finished = {}
    for path in sorted((out / "trials").glob("*/metrics.json")):
        try:
            finished[path.parent.name] = read_json(path)
        except (OSError, ValueError):
            continue  # Being written: read on the next look.
    return finished


def _wait(process, grace=None):
    """Waits for `process`, or stops it after `grace` seconds; returns its pid,
    exit status and peak memory (os.wait4: its own, not its children's)."""
    deadline = None if grace is None else time.monotonic() + grace
    while True:
        flags = 0 if deadline is None else os.WNOHANG
        pid, status, usage = os.wait4(process.pid, flags)
        if pid:
            break
        if time.monotonic() > deadline:
            process.terminate()
            deadline = None  # Now wait for it to go.
        time.sleep(0.1)
    return _ended(process, status, usage, grace)


def _ended(process, status, usage, grace):
    """The record of a process that ended with `status` and `usage`."""
    process.returncode = os.waitstatus_to_exitcode(status)
    stopped = grace is not None and process.returncode == -signal.SIGTERM
    return {
        "pid": process.pid,
        "exit": 0 if stopped else process.returncode,
        "stopped_by_kzoo": stopped,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def _free_port(host):
    try:
        with socket.socket() as probe:
            probe.bind((host, 0))
            return probe.getsockname()[1]
    except OSError as error:
        raise invalid(
            "listen", host, f"must be an address of this machine ({error})"
        ) from None
