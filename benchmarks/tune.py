"""`kzoo tune` on this machine: the same search with --parallel 1 and 2, and a
worker's memory from trial to trial.

Wall time: the same 6-trial search of mnist_mlp (3 epochs on 10,000 images,
the oracle's seed fixed), run with `--parallel 1` and `--parallel 2`,
alternating the order round by round; the figure is the ratio of the two
sides' times, round by round. Both search one model size and batch size
(`FIXED`): the oracle hands a parallel search's workers other draws than a
serial search gets, and with the size searched too one side trained a
3x1024 MLP on batches of 32 that the other never drew. Memory: one search
process running 10 trials of one model size in a row (`--parallel 1`, each
trial in a child process), its resident memory after
each trial (logs/memory-*.csv), and the peak of each worker of the parallel
runs (logs/processes.json).

Usage: python benchmarks/tune.py [--rounds 2] [--data-dir DIR] [--out DIR]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from report import mean_sd, write_section
from staleness import TRAINING

from kzoo._internal.files import read_csv, read_json

SEARCH = ["--epochs", "3", "--subset", "10000", "--verbose", "0"]
FIXED = ["units=256", "hidden_layers=2", "batch_size=128"]


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=2)
    options.add_argument("--data-dir", help="MNIST source (else KZOO_DATA_DIR)")
    options.add_argument("--out", type=Path, default=Path("runs/tune_benchmark"))
    args = options.parse_args(argv)
    seconds, peaks = {1: [], 2: []}, []
    for index in range(args.rounds):
        for parallel in (1, 2) if index % 2 == 0 else (2, 1):
            out = args.out / f"parallel{parallel}-round{index}"
            seconds[parallel].append(search(out, 6, parallel, args, *FIXED))
            if parallel == 2:
                processes = read_json(out / "logs" / "processes.json")
                workers = [p for name, p in processes.items() if name != "chief"]
                peaks += [p["peak_rss_mb"] for p in workers]
    memory_out = args.out / "memory"
    # One model size for all ten, so that growth is a leak, not a bigger net.
    search(memory_out, 10, 1, args, *FIXED)
    memory = read_csv(next((memory_out / "logs").glob("memory-*.csv")))
    write_section(
        "kzoo tune", body(seconds, peaks, memory, args), ("kzoo/tuning", *TRAINING)
    )


def search(out, trials, parallel, args, *space):
    """Seconds of one `kzoo tune` from start to its leaderboard, in a fresh
    directory."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "kzoo.cli", "tune", "mnist_mlp", *SEARCH]
    command += ["--trials", str(trials), "--parallel", str(parallel), "--out", str(out)]
    command += ["--data-dir", args.data_dir] if args.data_dir else []
    command += ["--space", *space] if space else []
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    stamp = time.strftime("%X")
    print(f"[{stamp}] {trials} trials, parallel {parallel}: {elapsed:.1f} s")
    return elapsed


def body(seconds, peaks, memory, args):
    one, two = (statistics.mean(seconds[p]) for p in (1, 2))
    ratios = [b / a for a, b in zip(seconds[1], seconds[2], strict=True)]
    times = {p: ", ".join(f"{s:.1f}" for s in seconds[p]) for p in (1, 2)}
    rss = [float(row["rss_mb"]) for row in memory]
    peak = [float(row["peak_rss_mb"]) for row in memory]
    return (
        f"`kzoo tune mnist_mlp --trials 6 {' '.join(SEARCH)} --space "
        f"{' '.join(FIXED)}` (one model size: learning rate and regularisation "
        f"searched, so that trials cost alike on both sides), {args.rounds} "
        "rounds alternating the order of `--parallel 1` and `--parallel 2`.\n\n"
        "| | --parallel 1 | --parallel 2 |\n|---|---|---|\n"
        f"| wall seconds, each run | {times[1]} | {times[2]} |\n"
        f"| mean | {one:.1f} | {two:.1f} |\n\n"
        f"--parallel 2 takes {mean_sd(ratios)}x the time of --parallel 1 on this "
        "machine (mean ± sd of the rounds' ratios). Peak memory of each worker "
        "process of the parallel runs (its trial processes included): "
        f"{', '.join(f'{p:.0f}' for p in peaks)} MiB.\n\n"
        f"One search process running 10 trials in a row, each in a child "
        f"process of its own (`--trials 10 --parallel 1 --space "
        f"{' '.join(FIXED)}`, one model size, learning rate and "
        "regularisation searched): its resident memory after trial 1, 5 and "
        f"10: {rss[0]:.1f}, {rss[4]:.1f}, {rss[-1]:.1f} MiB (its peak "
        f"{peak[-1]:.0f} MiB); from trial 2 to 10 it grew "
        f"{rss[-1] - rss[1]:+.1f} MiB."
    )


if __name__ == "__main__":
    main()
