"""A search's trial in a process of its own: `run_trial` starts it, `main`
is the child.

TensorFlow keeps what each traced model adds to its runtime for as long as
the process lives, `keras.backend.clear_session()` and garbage collection
notwithstanding: about 6.5 MiB a model for a small MLP on Keras 3 and
TensorFlow 2.21 (a known KerasTuner complaint: keras-tuner#395, #873,
#1031). A worker that trained its trials itself grew by that much trial
after trial; a child process gives everything back when it exits, so the
worker stays the same size. The price is the child's start (importing
Keras), small beside a trial's training.

The child dies with its worker (Linux: `PR_SET_PDEATHSIG`), so that a killed
worker leaves no trial training behind it, to clash with the rerun that
resumes it.
"""

import ctypes
import ctypes.util
import json
import os
import signal
import subprocess
import sys

from kzoo._internal import files
from kzoo._internal.processes import python_module_command

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def run_trial(recipe, argv):
    """Runs `recipe` with the `kzoo train` options `argv` in a child process;
    returns its metrics.json.

    Its output goes where this process's goes (a worker's log).

    Raises:
        RuntimeError: The trial failed; the child said why in that output.
    """
    command = python_module_command(__name__, json.dumps(recipe.to_json()), *argv)
    code = subprocess.run(command, check=False).returncode
    out = argv[argv.index("--out") + 1]
    if code != 0:
        raise RuntimeError(
            f"the trial in {out} failed (exit status {code}); its output says why"
        )
    return files.read_json(os.path.join(out, "metrics.json"))


def main(argv=None):
    """The child: `RECIPE_JSON [kzoo train options]`, run as `kzoo train`."""
    argv = sys.argv[1:] if argv is None else argv
    parent = os.getppid()
    _die_with(parent)
    from kzoo.training import main as train
    from kzoo.training.recipe import Recipe

    recipe = Recipe.from_json(json.loads(argv[0]))
    return train(recipe, argv[1:], command="tune")


def _die_with(parent):
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError, TypeError):
        return  # Not Linux: a killed worker's trial runs on to its end.
    if os.getppid() != parent:  # It died before prctl took effect.
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main())
