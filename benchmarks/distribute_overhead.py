"""What `--distribute data-parallel` costs on one device: a recipe trained
plain and data-parallel, interleaved (A, B, A, B ...) in fresh processes.

On one device `--distribute data-parallel` sets no engine (a plain run, so a
ratio near 1 is its check); `--sides named-device` uses the engine on the one
device named by `--device` (`--devices`), whose cost is then the engine's
alone: the same arithmetic (JAX: sharded arrays, the distributed iterator and
the recompilations; TensorFlow: MirroredStrategy's replica context). The
figure is the ratio of training seconds (steps only; `train_seconds` in
metrics.json, the first step with its compilation apart), as the mean and
standard deviation of the per-round ratios, the sides of a round being
neighbours in time on a shared machine, in forward then backward order.

With `--sides plain two-processes` (JAX), the same run as two processes on
this machine, coordinated on 127.0.0.1, one device each.

Usage (from the repository root):
    python benchmarks/distribute_overhead.py mnist_mlp --rounds 3 \\
        --out /tmp/overhead -- --epochs 3
"""

import argparse
import json
import socket
import subprocess
import sys
from pathlib import Path

from report import mean_sd

SIDES = {
    "plain": [],
    "data-parallel": ["--distribute", "data-parallel"],
    # The engine on one device (--device), which data-parallel leaves out.
    "named-device": ["--devices"],
    # Two processes on this machine, one device each (JAX only).
    "two-processes": ["--num-processes", "2"],
}


def main(argv=None):
    args, extra = parser().parse_known_args(argv)
    extra = [a for a in extra if a != "--"]
    rows = []
    args.out.mkdir(parents=True, exist_ok=True)
    for round_ in range(args.rounds):
        # Forward, then backward (A B C, C B A ...): a machine that slows or
        # speeds up through the run then favours no side.
        for side in args.sides if round_ % 2 == 0 else args.sides[::-1]:
            flags = SIDES[side] + ([args.device] if side == "named-device" else [])
            out = args.runs / f"{side}-{round_}"
            metrics = train(args.recipe, [*extra, *flags], out)
            rows.append({"round": round_, "side": side, **_kept(metrics)})
            print(json.dumps(rows[-1]), flush=True)
            # Kept as it goes: a run cut short keeps its finished pairs.
            (args.out / "overhead.json").write_text(json.dumps(rows, indent=1))
    print(summary(args, extra, rows))


def parser():
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("recipe")
    options.add_argument("--rounds", type=int, default=3)
    options.add_argument(
        "--sides",
        nargs="+",
        choices=list(SIDES),
        default=["plain", "data-parallel"],
        help="what to compare, each against the first (two-processes: JAX)",
    )
    options.add_argument(
        "--device", default="cpu:0", help="named-device's device (default: cpu:0)"
    )
    options.add_argument("--out", type=Path, default=Path("/tmp/distribute_overhead"))
    options.add_argument(
        "--runs", type=Path, default=Path("/tmp/distribute_overhead/runs")
    )
    return options


def train(recipe, options, out):
    command = [sys.executable, "-m", "kzoo.cli", "train", recipe, *options]
    command += ["--out", str(out), "--restart", "--skip-test", "--verbose", "0"]
    if "--num-processes" not in options:
        subprocess.run(command, check=True)
    else:  # Every process the same command, with its own number.
        command += ["--coordinator", f"127.0.0.1:{_free_port()}"]
        processes = [
            subprocess.Popen([*command, "--process-id", str(index)])
            for index in range(2)
        ]
        if any(process.wait() for process in processes):
            raise SystemExit(f"a process of {command} failed")
    return json.loads((out / "metrics.json").read_text())


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _kept(metrics):
    keys = ("train_seconds", "first_step_seconds", "dev_accuracy", "replicas")
    return {k: metrics.get(k) for k in (*keys, "distribution", "backend")}


def summary(args, extra, rows):
    seconds = {
        side: [r["train_seconds"] for r in rows if r["side"] == side]
        for side in args.sides
    }
    base, *others = args.sides
    lines = [
        f"recipe {args.recipe} {' '.join(extra)}; {args.rounds} interleaved rounds"
    ]
    lines += [
        f"{side}: train seconds {', '.join(f'{t:.2f}' for t in times)}"
        for side, times in seconds.items()
    ]
    for side in others:
        pairs = zip(seconds[base], seconds[side], strict=True)
        ratios = [b / a for a, b in pairs]
        lines.append(
            f"{side} / {base}: {mean_sd(ratios, digits=3)} "
            f"(mean ± sd of {len(ratios)} per-round ratios)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
