"""The suites that touch a backend, run again on JAX with TensorFlow absent.

The GPU machines kzoo is checked on have JAX and no TensorFlow; a backend is
fixed per process, so the suites rerun in a child process. There every zoo
model trains, saves and loads (tests/models), every optimizer preset trains
(tests/optimizers), and the recipes run. tests/data is left out because
tf.data is TensorFlow; tests/test_import.py checks the loader, the splits and
in-model augmentation there without it.
"""

from tests.subprocesses import explain, run_python

SUITES = [
    "tests/models",
    "tests/optimizers",
    "tests/layers",
    "tests/testing",
    "tests/callbacks",
    "tests/schedules",
    "tests/test_serialization.py",
    # The recipes train on NumPy arrays there, with a pipeline augmentation
    # moved into the model.
    "tests/recipes/test_recipes.py",
    "tests/tuning/test_lr_finder.py",
]
# Left to the TensorFlow run, to keep CI within its time (this rerun is its
# longest test): what calls no backend (tests/diagnosis is arithmetic; the
# run directory, recipe options and configs are files and parsing; the
# search spaces are KerasTuner's), and what drives the `kzoo train` loop
# that tests/recipes/test_recipes.py runs here (babysitting, the recipe
# sweep, the search's processes, the input-scale check).


def test_model_tests_pass_on_jax_without_tensorflow():
    args = ["-m", "pytest", *SUITES, "-q", "-p", "no:cacheprovider", "-x"]
    result = run_python(args, "jax", block_tensorflow=True)
    assert result.returncode == 0, explain(result)
    assert " passed" in result.stdout
    assert " failed" not in result.stdout
