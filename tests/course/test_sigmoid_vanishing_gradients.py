import itertools
import math

import pytest

from tests.course.conftest import SEEDS

LAYERS = 10


@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_gradients_shrink_layer_by_layer(course_finding, seed):
    values = course_finding("02_sigmoid_vanishing_gradients", seed)["values"]
    # sigma'(z) = sigma(z)(1 - sigma(z)) peaks at z = 0, at 1/4: by hand.
    sigma = 1 / (1 + math.exp(-0.0))
    assert values["slope_max"] == pytest.approx(sigma * (1 - sigma), abs=1e-6)
    assert values["slope_max_at"] == pytest.approx(0.0, abs=0.01)
    for stage in ("start", "trained"):
        norms = [values[f"{stage}_layer{i}"] for i in range(1, LAYERS + 1)]
        # Three decades and more between the first layer and the last.
        assert norms[0] < 1e-3 * norms[-1], stage
    start = [values[f"start_layer{i}"] for i in range(1, LAYERS + 1)]
    # Every layer from the second up has a larger gradient than the one
    # below it (the first also scales with the inputs, larger than a
    # sigmoid's outputs, so it is left out).
    assert all(low < high for low, high in itertools.pairwise(start[1:]))
    # About the ceiling of sigma', of 1/4 a layer: well below 1, not far below 1/4.
    assert 0.1 < values["shrink_per_layer"] < 0.35
