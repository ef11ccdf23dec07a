import math

import pytest

from tests.course.conftest import SEEDS

LAYERS, UNITS = 10, 256


def _factor_per_layer(values, case):
    """std(Z) grows by this factor a layer, from layer 2 to the last (layer 1
    sees the pixels, not a previous layer)."""
    first, last = values[f"{case}_std_layer2"], values[f"{case}_std_layer{LAYERS}"]
    return (last / first) ** (1 / (LAYERS - 2))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_recipes_keep_z_steady_and_wrong_scales_do_not(course_finding, seed):
    values = course_finding("05_initialization_scale", seed)["values"]
    # The recipes: within a factor of 4 after ten layers.
    for case in ("relu_he", "tanh_xavier"):
        assert 0.25 < values[f"{case}_growth"] < 4, case
    assert values["relu_normal_growth"] > 1e6
    assert values["relu_small_growth"] < 1e-6
    assert values["tanh_small_growth"] < 1e-6
    # By hand: var(Z[l]) = n var(W) E[A^2]. ReLU keeps half of a symmetric
    # Z's second moment, so std(Z) grows by sigma_W sqrt(n / 2) a layer;
    # tanh is the identity near 0, so a small Z grows by sigma_W sqrt(n).
    expected = {
        "relu_normal": 1.0 * math.sqrt(UNITS / 2),
        "relu_small": 0.01 * math.sqrt(UNITS / 2),
        "tanh_small": 0.01 * math.sqrt(UNITS),
    }
    for case, factor in expected.items():
        assert _factor_per_layer(values, case) == pytest.approx(factor, rel=0.2), case
