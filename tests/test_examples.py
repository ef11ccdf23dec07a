"""The examples run, in their quick mode, as users would run them."""

import pytest

from tests.subprocesses import ROOT, explain, run_python

SCRIPTS = sorted(
    p.name for p in (ROOT / "examples").glob("*.py") if not p.name.startswith("test_")
)


def test_examples_are_there():
    assert {"keras_project.py", "binary_logistic_regression.py"} <= set(SCRIPTS)
    assert (ROOT / "examples" / "test_my_model.py").is_file()


def test_users_model_tests_pass_under_pytest_with_the_plugin_alone():
    # A fresh pytest in examples/: no conftest there, so the fixtures come
    # from kzoo's installed plugin, as in a user's project.
    args = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "examples/test_my_model.py"]
    result = run_python(args, "tensorflow")
    assert result.returncode == 0, explain(result)
    assert " passed" in result.stdout
    assert "failed" not in result.stdout


@pytest.mark.parametrize("example", SCRIPTS)
def test_example_runs_in_quick_mode(example, tmp_path):
    args = [str(ROOT / "examples" / example), "--quick"]
    if example == "keras_project.py":
        args += ["--out", str(tmp_path / "run")]
    result = run_python(args, "tensorflow")
    assert result.returncode == 0, explain(result)
    assert "test accuracy" in result.stdout
    if example == "keras_project.py":
        names = {p.name for p in (tmp_path / "run").iterdir()}
        assert {"history.csv", "curves.png", "bias_variance.json"} <= names
