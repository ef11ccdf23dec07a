"""The suites that touch a backend, run again on JAX with TensorFlow absent.

The GPU machines kzoo is checked on have JAX and no TensorFlow; a backend is
fixed per process, so the suites rerun in a child process. There every zoo
model trains, saves and loads (tests/models), every optimizer preset trains
(tests/optimizers), and the recipes run. tests/data is left out because
tf.data is TensorFlow; tests/test_import.py checks the loader, the splits and
in-model augmentation there without it.
"""

import pytest

from tests.subprocesses import Background, explain

RERUN = pytest.StashKey()

SUITES = [
    # Every zoo model trains, saves and loads; every optimizer preset trains.
    "tests/models/test_zoo.py",
    "tests/optimizers",
    "tests/layers",
    "tests/callbacks",
    # Backprop and seeded repeats are the backend's own.
    "tests/testing/test_gradients.py",
    "tests/testing/test_determinism.py",
    # The recipes train on NumPy arrays there, with a pipeline augmentation
    # moved into the model.
    "tests/recipes/test_recipes.py",
    "tests/tuning/test_lr_finder.py",
    # The device loop is JAX's alone.
    "tests/training/test_device_loop.py",
]
# Left to the TensorFlow run, to keep CI within its time (this rerun is its
# longest test): what calls no backend or only Keras's own code the same way
# on both (diagnosis arithmetic, run-directory files, option parsing, search
# spaces, builder arguments, the registry, initialiser statistics, the
# assertion helpers' messages), what drives the `kzoo train` loop that
# tests/recipes/test_recipes.py runs here (babysitting, the recipe sweep, the
# search's processes, the input-scale check), the schedules' arithmetic
# (the recipes and the device loop run them here, inside compiled steps),
# and tests/test_serialization.py (every zoo model's .keras round trip is in
# tests/models/test_zoo.py, here; the rest is configuration).


def start():
    """The rerun, started in the background as soon as pytest has collected
    it (tests/conftest.py), so that its minutes overlap the rest of the
    suite's waiting on its own child processes."""
    args = ["-m", "pytest", *SUITES, "-q", "-p", "no:cacheprovider", "-x", "-n", "0"]
    return Background(args, "jax", block_tensorflow=True)


def test_model_tests_pass_on_jax_without_tensorflow(request):
    rerun = request.config.stash.get(RERUN, None) or start()
    result = rerun.result()
    assert result.returncode == 0, explain(result)
    assert " passed" in result.stdout
    assert " failed" not in result.stdout
