import pytest

from tests.course.conftest import SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_normalised_inputs_round_the_cost_and_speed_up_descent(course_finding, seed):
    values = course_finding("06_input_normalization", seed)["values"]
    # Round: the normalised cost's curvatures nearly equal; the raw ones
    # differ by about the square of the features' scale ratio (independent
    # of the run: the Hessian of the mean squared error is 2 * E[x x^T]).
    assert values["normalized_condition"] < 1.5
    ratio_squared = values["scale_ratio"] ** 2
    assert ratio_squared / 2 < values["raw_condition"] < 2 * ratio_squared
    # Faster: both reach the target, the normalised one in a fraction of
    # the steps and at a larger stable rate.
    assert values["raw_steps"] < values["max_steps"]
    assert values["normalized_steps"] * 5 < values["raw_steps"]
    assert values["normalized_learning_rate"] > values["raw_learning_rate"]
