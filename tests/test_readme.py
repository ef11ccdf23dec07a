"""The README's Python examples run as written."""

import re

import keras
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
        assert (tmp_path / "mlp.keras").exists()
        scores = namespace["model"].evaluate(*mnist_files.load_mnist()[1], verbose=0)
        assert scores[1] > 0.95  # Three epochs of the README's MLP on MNIST.
