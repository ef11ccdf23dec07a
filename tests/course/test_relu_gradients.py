import pytest

from tests.course.conftest import SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_keeps_deep_gradients_alive(course_finding, seed):
    values = course_finding("04_relu_gradients", seed)["values"]
    # ReLU (He): the first layer's gradient is within a decade of the last's,
    # and each layer down keeps about its size.
    assert 0.1 < values["relu_first_to_last"] < 10
    assert 0.7 < values["relu_factor_per_layer"] < 1.4
    # Sigmoid: three decades and more lost, a quarter or so a layer.
    assert values["sigmoid_first_to_last"] < 1e-3
    assert values["sigmoid_factor_per_layer"] < 0.35
    # In the first six layers, ReLU's gradient is over ten times sigmoid's.
    for layer in range(1, 7):
        assert values[f"relu_layer{layer}"] > 10 * values[f"sigmoid_layer{layer}"]
