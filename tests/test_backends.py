"""Most of the suite, run again on JAX with TensorFlow absent.

The GPU machines kzoo is checked on have JAX and no TensorFlow; a backend is
fixed per process, so the suite reruns in a child process. tests/data is
left out because tf.data is TensorFlow; tests/test_import.py checks the
loader, the splits and in-model augmentation there without it.
"""

from tests.subprocesses import explain, run_python

SUITES = [
    "tests/models",
    "tests/optimizers",
    "tests/layers",
    "tests/testing",
    "tests/callbacks",
    "tests/schedules",
    "tests/diagnosis",
    "tests/test_serialization.py",
    # The recipes train on NumPy arrays there, with a pipeline augmentation
    # moved into the model.
    "tests/recipes",
    "tests/training/test_run_directory.py",
    "tests/tuning",
]
# kzoo tune's process handling (a chief, workers, a process per trial) is the
# same on every backend, and slow: tested on TensorFlow only. Each trial is
# the `kzoo train` loop, which tests/recipes runs here on JAX.
SKIPPED = ["tests/tuning/test_caviar.py"]


def test_model_tests_pass_on_jax_without_tensorflow():
    args = ["-m", "pytest", *SUITES, "-q", "-p", "no:cacheprovider", "-x"]
    args += [f"--ignore={path}" for path in SKIPPED]
    result = run_python(args, "jax", block_tensorflow=True)
    assert result.returncode == 0, explain(result)
    assert " passed" in result.stdout
    assert " failed" not in result.stdout
