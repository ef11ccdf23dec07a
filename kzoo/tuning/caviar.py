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

from kzoo._internal.files import write_json
from kzoo._internal.processes import python_module_command
from kzoo.training.options import parse
from kzoo.training.options import parser as training_parser
from kzoo.training.startup import quiet_start_asked, start_keras

# KerasTuner's oracles by kzoo's names (see kzoo.tuning.search.make_oracle).
ORACLES = ("random", "bayesian", "hyperband")


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
    add("--trials", type=int, default=10, help="trials to run (default: 10)")
    add(
        "--parallel",
        type=int,
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
    add("--oracle-seed", type=int, default=0, help="the oracle's seed (default: 0)")
    add(
        "--listen",
        default="127.0.0.1",
        help="the address the chief serves on (default: 127.0.0.1)",
    )
    add(
        "--chief",
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
    start_keras(quiet=quiet_start_asked(run.verbose))
    _require_keras_tuner()
    from kzoo.tuning import leaderboard
    from kzoo.tuning.search import RecipeTuner, make_oracle
    from kzoo.tuning.space import SearchSpace, parse_changes

    space = SearchSpace.for_recipe(recipe, **parse_changes(args.space))

    def tuner():
        oracle = make_oracle(args.oracle, args.trials, recipe, args.oracle_seed)
        return RecipeTuner(space, oracle, args.out, args.data_dir, args.in_process)

    if args.role or args.chief:
        if args.chief:
            _join(args.chief)
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


def _require_keras_tuner():
    # Loaded after the backend's quiet start (it imports Keras), and checked
    # here, before the search, so that a missing `tune` extra is one line.
    try:
        import keras_tuner  # noqa: F401
    except ImportError as error:
        raise SystemExit(
            f'kzoo tune: error: {error}; install KerasTuner: pip install "kzoo[tune]"'
        ) from None


def _join(address):
    host, _, port = address.rpartition(":")
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
        for name, process in processes.items():
            if name != "chief":
                ended[name] = _wait(process)
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
    process.returncode = os.waitstatus_to_exitcode(status)
    stopped = grace is not None and process.returncode == -signal.SIGTERM
    return {
        "pid": process.pid,
        "exit": 0 if stopped else process.returncode,
        "stopped_by_kzoo": stopped,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def _free_port(host):
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
