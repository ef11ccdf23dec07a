"""Writes one benchmark's section of BENCHMARKS.md, with machine and date;
`python benchmarks/report.py --check` lists the sections whose code changed
after them (`staleness.py`) and fails unless every one is current."""

import argparse
import datetime
import os
import platform
import re
import shlex
import statistics
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
HEADER = (
    "# Benchmarks\n\n"
    "Each section is written by the script it names, with the command, the\n"
    "machine, the date, the commit and the code it measures; `python\n"
    "benchmarks/report.py --check` lists the sections whose code changed since.\n"
    "Comparisons run both sides in one process or one run and report the ratio,\n"
    "since the machines are shared and noisy.\n"
)


def machine():
    """A one-line description of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            names = [
                line.split(":", 1)[1].strip()
                for line in cpuinfo
                if "model name" in line
            ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    description = (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    return f"{accelerator()} on {description}" if accelerator() else description


def commit():
    """The git commit measured: KZOO_COMMIT (set where kzoo runs from a wheel,
    as on the device machines), else that of kzoo's source, else "unknown"."""
    if os.environ.get("KZOO_COMMIT"):
        return os.environ["KZOO_COMMIT"]
    # Here, not at the top: it imports Keras, which a driver may not need.
    from kzoo.training.provenance import git_commit

    return (git_commit() or "unknown")[:7]


def accelerator():
    """The accelerator the JAX backend trains on (e.g. "NVIDIA H200"), or None."""
    jax = sys.modules.get("jax")
    if jax is None and os.environ.get("KERAS_BACKEND") == "jax":
        import jax  # A driver of subprocess runs has not imported it yet.
    if jax is None:
        return None
    devices = [d for d in jax.devices() if d.platform != "cpu"]
    return devices[0].device_kind if devices else None


def mean_sd(values, scale=1.0, digits=2):
    """ "mean ± sd" of `values` times `scale` (sd "nan" for a single value)."""
    values = [v * scale for v in values]
    sd = statistics.stdev(values) if len(values) > 1 else float("nan")
    return f"{statistics.mean(values):.{digits}f} ± {sd:.{digits}f}"


def first_seconds(metrics):
    """fit's first step (tracing and compilation), or, for `--loop device`,
    the compilation of its epoch and its first run on zeros, both before
    training (runs older than `first_run_seconds` lack the second)."""
    compiled = metrics.get("compile_seconds")
    if compiled is None:
        return metrics["first_step_seconds"]
    return compiled + (metrics.get("first_run_seconds") or 0.0)


FIRST_SECONDS = (
    "first s: `fit`'s first step, with tracing and compilation "
    "(kzoo.callbacks.TrainingTimer), or with `--loop device` the compilation "
    "of its epoch and its first run on zeros, before training."
)


def write_section(name, body, measures):
    """Replaces (or appends) the section `name` of BENCHMARKS.md with `body`.

    `measures` names the code whose change would change its figures (paths
    from the repository root), for `--check`.
    """
    from staleness import compact  # A sibling module: this runs as a script.

    command = "python " + shlex.join(sys.argv)  # Quoted as typed.
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- {name}:start -->\n## {name}\n\n"
        f"- Command: `{command}`\n- Machine: {machine()}\n- Date: {stamp}\n"
        f"- Commit: {commit()}\n- Measures: {compact(measures)}\n\n"
        f"{body.strip()}\n<!-- {name}:end -->"
    )
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else HEADER
    pattern = re.compile(
        rf"<!-- {re.escape(name)}:start -->.*?<!-- {re.escape(name)}:end -->", re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text + ("" if text.endswith("\n") else "\n"))
    print(f"wrote section {name!r} of {BENCHMARKS}")


def main(argv=None):
    options = argparse.ArgumentParser(description=__doc__.split(";")[0])
    options.add_argument(
        "--check",
        action="store_true",
        required=True,
        help="list each section as current, stale or unchecked; exit 1 unless "
        "all are current",
    )
    options.parse_args(argv)
    import staleness  # A sibling module: this runs as a script.

    verdicts = staleness.check(BENCHMARKS, BENCHMARKS.parent)
    for verdict in verdicts:
        print(verdict.line())
    behind = [v for v in verdicts if v.state != "current"]
    print(f"{len(verdicts) - len(behind)} of {len(verdicts)} sections current")
    return 1 if behind else 0


if __name__ == "__main__":
    sys.exit(main())
