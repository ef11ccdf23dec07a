"""The pytest plugin is registered by entry point and its fixtures work."""

import importlib.metadata

import numpy as np


def test_plugin_is_an_installed_pytest11_entry_point():
    points = importlib.metadata.entry_points(group="pytest11")
    assert "kzoo.testing.plugin" in {p.value for p in points if p.name == "kzoo"}


def test_plugin_is_loaded(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("kzoo")


def test_digits_are_real_fixed_and_cover_every_class(kzoo_digits):
    x, y = kzoo_digits
    assert x.shape == (64, 28, 28)
    assert x.dtype == np.uint8
    assert set(y.tolist()) == set(range(10))
    assert 30 < x.mean() < 60  # Real digits: mostly black, strokes near 255.


def test_run_dir_is_an_empty_directory(kzoo_run_dir):
    assert kzoo_run_dir.is_dir()
    assert not any(kzoo_run_dir.iterdir())
