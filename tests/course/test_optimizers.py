import pytest

from tests.course.conftest import SEEDS

NAME = "12_optimizers"
FASTER = ("momentum", "rmsprop", "adam")


@pytest.mark.parametrize("seed", SEEDS)
def test_all_four_start_from_the_same_weights(course_finding, seed):
    values = course_finding(NAME, seed)["values"]
    initial = [values[f"{name}_initial_loss"] for name in ("sgd", *FASTER)]
    assert max(initial) - min(initial) < 1e-5
    # About ln(10): an untrained network guesses among ten digits.
    assert initial[0] == pytest.approx(2.3, abs=0.3)


@pytest.mark.parametrize("seed", SEEDS)
def test_momentum_rmsprop_and_adam_reach_sgd_s_loss_sooner(course_finding, seed):
    values = course_finding(NAME, seed)["values"]
    # The target is where SGD ends its budget.
    assert values["target_loss"] == values["sgd_final_loss"]
    assert values["sgd_steps_to_target"] == values["steps"]
    for name in FASTER:
        # In steps, by a wide margin: at most half of SGD's.
        assert values[f"{name}_steps_to_target"] <= 0.5 * values["sgd_steps_to_target"]
        # In seconds too: a step of each costs about what an SGD step costs.
        assert values[f"{name}_seconds_to_target"] < values["sgd_seconds_to_target"]
        assert values[f"{name}_final_loss"] < values["sgd_final_loss"]
