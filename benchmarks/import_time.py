"""Start-up costs: kzoo on top of Keras, and the `kzoo` command's answers.

Two sections of BENCHMARKS.md:

- "import time": `import keras` against everything of kzoo loaded
  (`EAGER_IMPORT=1 python -c "import kzoo"`, which lazy_loader turns into
  eager imports of every subpackage). Target: kzoo adds at most 0.5 s.
- "command start-up": `kzoo --help`, `kzoo list` and `kzoo train mnist_mlp
  --help` against `python -c pass` (a bare interpreter) and `import keras`
  (what each of them paid before they stopped importing Keras). Target: each
  command under 0.5 s.

Each round starts one fresh interpreter per side, in an order that rotates
round by round, so drift in the machine's load hits every side alike; the
figures are medians over rounds, and what kzoo adds is the median of each
round's own difference (kzoo's process minus Keras's, run back to back),
with the quartiles of those differences as its spread.

Usage: python benchmarks/import_time.py [--rounds N] [--backends tensorflow jax]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

from report import write_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, backend, **env):
    """`command` run to its end in a fresh process; its CompletedProcess."""
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": ROOT, **env}
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)  # As a user has it: unset.
    return subprocess.run(command, env=env, check=True, capture_output=True)


def timed(command, backend, **env):
    """Seconds for `command` to run to its end in a fresh process."""
    start = time.perf_counter()
    run(command, backend, **env)
    return time.perf_counter() - start


def timings(sides, backend, rounds):
    """`{side: [seconds of each round]}` over `rounds` rotations of `sides`."""
    times = {name: [] for name in sides}
    names = list(sides)
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            command, env = sides[name]
            times[name].append(timed(command, backend, **env))
        print(f"{backend} round {index + 1}/{rounds}", file=sys.stderr, flush=True)
    return times


def added(times, side, base):
    """Median and quartiles of `side` minus `base`, round by round, as text."""
    differences = [a - b for a, b in zip(times[side], times[base], strict=True)]
    return spread(differences, "+.3f")


def spread(values, spec=".3f"):
    """The median of `values` and their quartiles, as text."""
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    return f"{middle:{spec}} ({low:{spec}} to {high:{spec}})"


def inside_seconds(backend, rounds):
    """Median and quartiles of `import kzoo`'s own time inside a process that
    has already imported Keras (`python -X importtime`: the top-level kzoo
    line's cumulative microseconds), free of the interpreter's start-up."""
    command = [sys.executable, "-X", "importtime", "-c", "import keras\nimport kzoo"]
    seconds = [
        top_level_seconds(
            run(command, backend, EAGER_IMPORT="1").stderr.decode(), "kzoo"
        )
        for _ in range(rounds)
    ]
    return spread(seconds)


def top_level_seconds(importtime, name):
    """Cumulative seconds of module `name` imported at the top level, from
    `-X importtime`'s lines ("import time: self | cumulative | name", where
    nested imports indent the name)."""
    for line in importtime.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[2] == f" {name}":
            return int(fields[1]) / 1e6
    raise ValueError(f"no top-level import of {name} in -X importtime's output")


def medians(times):
    return {name: statistics.median(values) for name, values in times.items()}


def python(code, **env):
    return [sys.executable, "-c", code], env


# Every kzoo module but kzoo.tuning, which loads KerasTuner, and which only
# a search loads (kzoo tune, kzoo babysit, kzoo.tuning in a script). On JAX
# it also leaves out kzoo.data._tf_ops, TensorFlow's own ops, which only a
# tf.data pipeline loads: importing it would time TensorFlow, not kzoo. The
# asserts keep the side honest should another module come to import either.
ALL_BUT_TUNING = """
import importlib, pathlib, sys
import keras, kzoo
skip = {"tuning"} | ({"_tf_ops"} if keras.backend.backend() != "tensorflow" else set())
root = pathlib.Path(kzoo.__file__).parent
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root.parent).with_suffix("").parts
    if not skip & set(parts):
        importlib.import_module(".".join(p for p in parts if p != "__init__"))
assert "keras_tuner" not in sys.modules, "a module imported KerasTuner"
if keras.backend.backend() != "tensorflow":
    assert "tensorflow" not in sys.modules, "a module imported TensorFlow"
"""


def import_rows(backends, rounds):
    rows = [
        "| backend | import keras (s) | all of kzoo (s) | kzoo adds (s), "
        "quartiles | ratio | all but kzoo.tuning (s) | it adds (s), quartiles "
        "| `import kzoo` after Keras, inside the process (s), quartiles |"
    ]
    rows.append("|---|---|---|---|---|---|---|---|")
    for backend in backends:
        sides = {
            "keras": python("import keras"),
            "kzoo": python("import kzoo", EAGER_IMPORT="1"),
            "no tuning": python("import keras\n" + ALL_BUT_TUNING),
        }
        times = timings(sides, backend, rounds)
        median = medians(times)
        rows.append(
            f"| {backend} | {median['keras']:.3f} | {median['kzoo']:.3f} | "
            f"{added(times, 'kzoo', 'keras')} "
            f"| {median['kzoo'] / median['keras']:.3f} "
            f"| {median['no tuning']:.3f} | {added(times, 'no tuning', 'keras')} "
            f"| {inside_seconds(backend, rounds)} |"
        )
    return rows


def command_rows(backends, rounds):
    kzoo = shutil.which("kzoo") or sys.exit("install kzoo first: no kzoo on PATH")
    commands = {
        "`kzoo --help`": ([kzoo, "--help"], {}),
        "`kzoo list`": ([kzoo, "list"], {}),
        "`kzoo train mnist_mlp --help`": ([kzoo, "train", "mnist_mlp", "--help"], {}),
    }
    rows = ["| backend | command | seconds | python -c pass (s) | import keras (s) |"]
    rows.append("|---|---|---|---|---|")
    for backend in backends:
        sides = {"pass": python("pass"), "keras": python("import keras"), **commands}
        median = medians(timings(sides, backend, rounds))
        for name in commands:
            rows.append(
                f"| {backend} | {name} | {median[name]:.3f} | {median['pass']:.3f} "
                f"| {median['keras']:.3f} |"
            )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--backends", nargs="+", default=["tensorflow", "jax"])
    args = parser.parse_args(argv)
    intro = f"Median of {args.rounds} fresh processes per side, in rotating order."
    body = (
        f"{intro} What kzoo adds is the median of the rounds' own differences, "
        "with their quartiles; the last column times `import kzoo` (everything "
        "of kzoo, and what it loads that Keras has not) inside a process that "
        "has imported Keras, by `python -X importtime`, without the noise of "
        "starting two interpreters. Target: kzoo adds at most 0.5 s to `import "
        "keras`. All but "
        "kzoo.tuning: every other kzoo module, imported one by one; kzoo.tuning "
        "loads KerasTuner, which only a search needs; on JAX also without "
        "kzoo.data._tf_ops, TensorFlow's own ops, which only a tf.data "
        "pipeline loads.\n\n" + "\n".join(import_rows(args.backends, args.rounds))
    )
    print(body)
    write_section("import time", body, ("kzoo",))  # Loads all of kzoo.
    body = (
        f"{intro} Target: under 0.5 s each, with no TensorFlow start-up log.\n\n"
        + "\n".join(command_rows(args.backends, args.rounds))
    )
    print(body)
    write_section("command start-up", body, ("kzoo",))


if __name__ == "__main__":
    main()
