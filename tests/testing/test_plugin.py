"""The pytest plugin is registered by entry point and its fixtures work."""

import importlib.metadata

import numpy as np

from tests.subprocesses import explain, run_python


def test_plugin_is_an_installed_pytest11_entry_point():
    points = importlib.metadata.entry_points(group="pytest11")
    assert "kzoo.testing.plugin" in {p.value for p in points if p.name == "kzoo"}


def test_plugin_is_loaded(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("kzoo")


def test_a_session_that_uses_no_kzoo_fixture_imports_no_keras(tmp_path):
    # pytest loads the plugin in every session where kzoo is installed: a
    # project's tests that never use it must not pay for Keras's import.
    (tmp_path / "test_other.py").write_text(
        "import sys\n\n\n"
        "def test_other(pytestconfig):\n"
        "    assert pytestconfig.pluginmanager.has_plugin('kzoo')\n"
        "    assert not {'keras', 'tensorflow'} & set(sys.modules)\n"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    args = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]
    result = run_python(args, "tensorflow", timeout=300, cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    assert "1 passed" in result.stdout


def test_digits_are_real_fixed_and_cover_every_class(kzoo_digits):
    x, y = kzoo_digits
    assert x.shape == (64, 28, 28)
    assert x.dtype == np.uint8
    assert set(y.tolist()) == set(range(10))
    assert 30 < x.mean() < 60  # Real digits: mostly black, strokes near 255.


def test_run_dir_is_an_empty_directory(kzoo_run_dir):
    assert kzoo_run_dir.is_dir()
    assert not any(kzoo_run_dir.iterdir())
