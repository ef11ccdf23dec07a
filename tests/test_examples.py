"""The examples run, in their quick mode, as users would run them."""

import pytest

from tests.subprocesses import ROOT, explain, run_python

EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.py"))


def test_examples_are_there():
    assert {"keras_project.py", "binary_logistic_regression.py"} <= set(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES)
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
