"""Runs Python in a child process with a chosen Keras backend."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NO_TENSORFLOW = ROOT / "tests" / "no_tensorflow.py"


def run_python(args, backend, block_tensorflow=False, timeout=900):
    """Runs `python [no_tensorflow.py] *args`; returns the CompletedProcess."""
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    launcher = [str(NO_TENSORFLOW)] if block_tensorflow else []
    return subprocess.run(
        [sys.executable, *launcher, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def explain(result):
    """The tail of a child's output, for an assertion message."""
    output = (result.stdout + result.stderr)[-4000:]
    return f"exit code {result.returncode}; output tail:\n{output}"
