import math

import pytest

from tests.course.conftest import SEEDS

NAME = "11_exponential_averages"


@pytest.mark.parametrize("seed", SEEDS)
def test_averages_look_back_about_one_over_one_minus_beta(course_finding, seed):
    values = course_finding(NAME, seed)["values"]
    for beta in (0.5, 0.9, 0.98):
        window = values[f"window_{beta}"]
        # About 1/(1 - beta): 2, 10 and 50 steps.
        assert window == pytest.approx(1 / (1 - beta), rel=0.1, abs=0.5)
        # Independently: the weights of the last n steps sum to 1 - beta^n,
        # which reaches 1 - 1/e at n = ceil(-1 / ln beta).
        assert window == math.ceil(-1 / math.log(beta))
    assert values["window_0.5"] < values["window_0.9"] < values["window_0.98"]


@pytest.mark.parametrize("seed", SEEDS)
def test_without_bias_correction_the_average_starts_near_zero(course_finding, seed):
    values = course_finding(NAME, seed)["values"]
    first = values["first_reading"]
    # V_1 = (1 - beta) * theta_1 uncorrected; theta_1 itself corrected.
    assert values["first_uncorrected_0.98"] == pytest.approx(0.02 * first)
    assert values["first_corrected_0.98"] == pytest.approx(first)
    assert values["start_share_uncorrected_0.98"] < 0.2
    # It stays more than 5% low for months: beta^t < 0.05 needs t ~ 150.
    assert values["days_uncorrected_within_5pct_0.98"] > 100


@pytest.mark.parametrize("seed", SEEDS)
def test_the_formula_is_what_learning_curves_smooths_with(course_finding, seed):
    values = course_finding(NAME, seed)["values"]
    assert values["learning_curves_steps"] >= 50
    assert values["learning_curves_max_difference"] < 1e-6
