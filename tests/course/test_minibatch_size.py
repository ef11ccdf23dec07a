import pytest

from tests.course.conftest import SEEDS

NAME = "13_minibatch_size"


@pytest.mark.parametrize("seed", SEEDS)
def test_mini_batches_reach_the_target_loss_first(course_finding, seed):
    values = course_finding(NAME, seed)["values"]
    assert values["mini_reached_to_target"] == 1.0
    mini = values["mini_seconds_to_target"]
    # By the clock, with a wide margin: under half the time of either.
    assert mini < 0.5 * values["full_seconds_to_target"]
    assert mini < 0.5 * values["one_seconds_to_target"]
    # By steps, single digits need by far the most: each says little.
    assert values["one_steps_to_target"] > 5 * values["mini_steps_to_target"]
    assert values["one_steps_to_target"] > 5 * values["full_steps_to_target"]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_decayed_rate_settles_stochastic_descent(course_finding, seed):
    values = course_finding(NAME, seed)["values"]
    assert values["decay_initial_loss"] == pytest.approx(values["one_initial_loss"])
    # alpha_t = c1 / (t + c2), from 0.03 (the constant run's rate), at the end.
    c1, c2, steps = values["c1"], values["c2"], values["one_budget_steps"]
    assert c1 / c2 == pytest.approx(0.03)
    assert values["final_rate"] == pytest.approx(c1 / (steps + c2), rel=1e-5)
    assert values["final_rate"] < 0.03 / 5
    # The late loss varies less, about its trend too, at a comparable level.
    assert values["decay_late_std"] < 0.5 * values["one_late_std"]
    assert values["decay_late_detrended_std"] < 0.5 * values["one_late_detrended_std"]
    assert values["decay_late_mean"] < values["one_late_mean"] + 0.1
