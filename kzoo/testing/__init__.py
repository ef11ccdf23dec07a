"""Helpers for testing Keras models with pytest, the ones Keras keeps private.

Every helper raises AssertionError saying what it expected and what it found,
and works from plain scripts too. Installing kzoo also registers a pytest
plugin (`kzoo.testing.plugin`) with the fixtures `kzoo_digits` and
`kzoo_run_dir`.
"""

from kzoo.testing.contract import assert_output_contract as assert_output_contract
from kzoo.testing.determinism import assert_deterministic as assert_deterministic
from kzoo.testing.gradients import assert_gradients_finite as assert_gradients_finite
from kzoo.testing.gradients import check_gradients as check_gradients
from kzoo.testing.serialization import (
    assert_config_roundtrip as assert_config_roundtrip,
)
from kzoo.testing.serialization import (
    assert_save_load_roundtrip as assert_save_load_roundtrip,
)
from kzoo.testing.training import assert_can_overfit as assert_can_overfit
from kzoo.testing.training import assert_loss_decreases as assert_loss_decreases
