"""How much `import kzoo` costs on top of `import keras` (target: <= 0.5 s).

Each round starts two fresh interpreters, one importing keras and one
importing kzoo (which imports keras), alternating their order so drift in the
machine's load hits both sides alike. The cost is the difference of medians.

Usage: python benchmarks/import_time.py [--rounds N] [--backends tensorflow jax]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

from report import write_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def time_import(module, backend):
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env["PYTHONPATH"] = ROOT
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], env=env, check=True)
    return time.perf_counter() - start


def measure(backend, rounds):
    times = {"keras": [], "kzoo": []}
    for index in range(rounds):
        order = ("keras", "kzoo") if index % 2 == 0 else ("kzoo", "keras")
        for module in order:
            times[module].append(time_import(module, backend))
        print(f"{backend} round {index + 1}/{rounds}", file=sys.stderr, flush=True)
    return {module: statistics.median(values) for module, values in times.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--backends", nargs="+", default=["tensorflow", "jax"])
    args = parser.parse_args(argv)
    rows = ["| backend | import keras (s) | import kzoo (s) | kzoo adds (s) | ratio |"]
    rows.append("|---|---|---|---|---|")
    for backend in args.backends:
        median = measure(backend, args.rounds)
        added = median["kzoo"] - median["keras"]
        rows.append(
            f"| {backend} | {median['keras']:.3f} | {median['kzoo']:.3f} | "
            f"{added:+.3f} | {median['kzoo'] / median['keras']:.3f} |"
        )
    body = (
        f"Median of {args.rounds} fresh interpreters per side, alternating order. "
        "Target: kzoo adds at most 0.5 s.\n\n" + "\n".join(rows)
    )
    print(body)
    write_section("import time", body)


if __name__ == "__main__":
    main()
