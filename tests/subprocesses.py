"""Runs Python in a child process with a chosen Keras backend."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NO_TENSORFLOW = ROOT / "tests" / "no_tensorflow.py"


def run_python(args, backend, block_tensorflow=False, timeout=900, env=None, cwd=ROOT):
    """Runs `python [no_tensorflow.py] *args`; returns the CompletedProcess.

    `env`: more environment variables for the child, or `None`. `cwd`: the
    folder it runs in (kzoo's repository stays on its PYTHONPATH).
    """
    return subprocess.run(
        _command(args, block_tensorflow),
        cwd=cwd,
        env={**_environment(backend), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def wait_until(condition, process, seconds):
    """Polls `condition()` while the child `process` runs: True once it
    holds, False if the child ends or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        time.sleep(0.05)
    return False


class Background:
    """`python [no_tensorflow.py] *args` started now, its result read later:
    a long child runs while the rest of the suite does."""

    def __init__(self, args, backend, block_tensorflow=False):
        self.args = _command(args, block_tensorflow)
        # Files, not pipes: a child writing more than a pipe holds would
        # block until someone reads it. result() closes them.
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=_environment(backend),
            stdout=self._out,
            stderr=self._err,
        )

    def result(self, timeout=900):
        """Waits for the child; returns a CompletedProcess."""
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        output = []
        for file in (self._out, self._err):
            file.seek(0)
            output.append(file.read().decode(errors="replace"))
            file.close()
        return subprocess.CompletedProcess(self.args, self._process.returncode, *output)

    def kill(self):
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()


def _command(args, block_tensorflow):
    launcher = [str(NO_TENSORFLOW)] if block_tensorflow else []
    return [sys.executable, *launcher, *args]


def _environment(backend):
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    return env


def explain(result):
    """The tail of a child's output, for an assertion message."""
    output = (result.stdout + result.stderr)[-4000:]
    return f"exit code {result.returncode}; output tail:\n{output}"
