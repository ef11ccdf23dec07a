import pytest

from tests.course.conftest import SEEDS

EXPERIMENT = "08_dropout"


def _sweep(values, name):
    """`values["name_0"], values["name_1"], ...`, in order."""
    size = sum(key.startswith("rate_") for key in values)
    return [values[f"{name}_{i}"] for i in range(size)]


@pytest.mark.parametrize("seed", SEEDS)
def test_dropout_narrows_the_train_dev_gap(course_finding, seed):
    values = course_finding(EXPERIMENT, seed)["values"]
    rates = _sweep(values, "rate")
    assert rates[0] == 0
    assert rates == sorted(rates)
    train_cost, dev_cost = _sweep(values, "train_cost"), _sweep(values, "dev_cost")
    gaps = _sweep(values, "cost_gap")
    for train, dev, gap in zip(train_cost, dev_cost, gaps, strict=True):
        assert gap == pytest.approx(dev - train)
    # Without dropout the few digits are learnt by heart.
    assert values["train_accuracy_0"] >= 0.99
    assert train_cost[0] < 0.05
    # The cost gap narrows by a quarter or more at the largest rate, mostly
    # shrinking on the way, and from both sides.
    assert gaps[-1] < 0.75 * gaps[0]
    assert values["cost_gap_rank_correlation"] <= -0.5
    assert train_cost[-1] > train_cost[0]
    assert dev_cost[-1] < dev_cost[0]
    # Accuracy moves less, but its gap does not widen.
    accuracy_gaps = _sweep(values, "accuracy_gap")
    assert accuracy_gaps[-1] <= accuracy_gaps[0] + 0.01
