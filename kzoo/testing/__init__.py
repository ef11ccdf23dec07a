"""Assertions for testing Keras models with pytest (or any test runner)."""

from kzoo.testing.assertions import assert_output_contract as assert_output_contract
from kzoo.testing.assertions import (
    assert_save_load_roundtrip as assert_save_load_roundtrip,
)
