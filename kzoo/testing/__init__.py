"""Helpers for testing Keras models with pytest, the ones Keras keeps private.

Every helper raises AssertionError saying what it expected and what it found,
and works from plain scripts too. Installing kzoo also registers a pytest
plugin (`kzoo.testing.plugin`) with the fixtures `kzoo_digits` and
`kzoo_run_dir`.

Names load on first use (see `kzoo`): pytest loads the plugin, a module of
this package, in every test session of an environment where kzoo is
installed, and importing the helpers here would import Keras, and with it
TensorFlow (seconds, and its C++ start-up log), into test suites that never
use them.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "contract": ["assert_output_contract"],
        "determinism": ["assert_deterministic"],
        "gradients": ["assert_gradients_finite", "check_gradients"],
        "serialization": ["assert_config_roundtrip", "assert_save_load_roundtrip"],
        "training": ["assert_can_overfit", "assert_loss_decreases"],
    },
)
