"""The processes of a parallel search: KerasTuner's chief and its workers,
started, watched (a line per finished trial) and stopped, for `kzoo tune
--parallel K` (see `kzoo.tuning.caviar`)."""

import os
import signal
import socket
import subprocess
import time

from kzoo._internal.files import read_json, write_json
from kzoo._internal.processes import python_module_command
from kzoo._internal.validation import invalid


def run_processes(recipe, argv, args, total):
    """The chief and `args.parallel` workers, started, watched and stopped;
    `total` is the search's number of trials, or `None` (Hyperband)."""
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
        ended.update(_watch(workers, args.out, total))
        # KerasTuner's chief polls every 20 s for its workers to be gone
        # (oracle_chief.start_server); its oracle has saved every trial by
        # now, so it is stopped rather than waited for.
        ended["chief"] = _stop(processes["chief"], grace=2.0)
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
    Returns what `_stop` returns, by worker."""
    # The trials of earlier runs of this search are not printed again.
    ended, shown = {}, set(_finished_trials(out, set()))
    while len(ended) < len(workers):
        for name, process in workers.items():
            if name not in ended:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    ended[name] = _ended(process, status, usage, grace=None)
        for trial, metrics in _finished_trials(out, shown).items():
            shown.add(trial)
            dev = metrics.get("dev_accuracy", float("nan"))
            count = f"{len(shown)} of {trials}" if trials else len(shown)
            print(
                f"trial {trial} done: dev accuracy {dev:.2%} ({count} finished)",
                flush=True,
            )
        time.sleep(0.5)
    return ended


def _finished_trials(out, known):
    """`{trial id: metrics}` of the trials not in `known` whose run wrote
    metrics.json (the known ones are not read again: a long search polls)."""
    finished = {}
    for path in sorted((out / "trials").glob("*/metrics.json")):
        if path.parent.name in known:
            continue
        try:
            finished[path.parent.name] = read_json(path)
        except (OSError, ValueError):
            continue  # Being written: read on the next look.
    return finished


def _stop(process, grace):
    """Waits `grace` seconds for `process` to end, then stops it; returns its
    pid, exit status and peak memory (os.wait4: its own, not its children's)."""
    deadline = time.monotonic() + grace
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
