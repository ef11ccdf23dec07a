"""assert_deterministic: seeded training repeats; unseeded randomness fails."""

import numpy as np
import pytest

import kzoo
from kzoo.testing import assert_deterministic


def test_seeded_training_repeats_exactly(kzoo_digits):
    x, y = kzoo_digits

    def build_and_train(seed):
        model = kzoo.create_model("mlp", normalize=x, hidden_units=(16,), dropout=0.2)
        return model.fit(x, y, batch_size=16, epochs=2, shuffle=True, verbose=0)

    history = assert_deterministic(build_and_train, seed=3)
    assert len(history["loss"]) == 2


def test_randomness_outside_the_seed_fails():
    fresh = np.random.default_rng()  # Not seeded by Keras: differs per run.

    def build_and_train(seed):
        return {"loss": [1.0, fresh.normal()]}

    with pytest.raises(AssertionError, match=r"'loss' differs first at index 1"):
        assert_deterministic(build_and_train, seed=0)
