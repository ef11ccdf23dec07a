"""The README's Python examples run as written."""

import re

import keras
import numpy as np
import pytest

from tests import mnist_files
from tests.subprocesses import ROOT


def python_blocks():
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_has_a_quickstart():
    assert any("kzoo.create_model" in block for block in python_blocks())


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_readme_example_runs(index, tmp_path, monkeypatch, kzoo_digits):
    # Machines here reach no download host: serve keras.datasets.mnist from
    # the local copy of the same files instead of the network.
    monkeypatch.setattr(keras.datasets.mnist, "load_data", mnist_files.load_mnist)
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__readme__"}
    exec(compile(python_blocks()[index], f"README.md block {index}", "exec"), namespace)
    # A block of pytest tests (the "Testing your models" one): run them, with
    # the plugin's fixture, as pytest would.
    for name, test in list(namespace.items()):
        if name.startswith("test_") and callable(test):
            test(kzoo_digits)
    if "restored" in namespace:
        model, restored = namespace["model"], namespace["restored"]
        x_test, y_test = mnist_files.load_mnist()[1]
        scores = model.evaluate(x_test, y_test, verbose=0)
        assert scores[1] > 0.95  # Three epochs of the README's MLP on MNIST.
        # The file holds that model: the same predictions on real digits.
        assert restored is not model
        expected = model.predict(x_test[:512], verbose=0)
        np.testing.assert_allclose(
            restored.predict(x_test[:512], verbose=0), expected, rtol=1e-5, atol=1e-6
        )
        assert restored.evaluate(x_test, y_test, verbose=0) == pytest.approx(
            scores, rel=1e-5
        )
