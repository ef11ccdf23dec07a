import pytest

from tests.course.conftest import SEEDS

EXPERIMENT = "07_l2_regularization"


def _sweep(values, name):
    """`values["name_0"], values["name_1"], ...`, in order."""
    size = sum(key.startswith("lambda_") for key in values)
    return [values[f"{name}_{i}"] for i in range(size)]


@pytest.mark.parametrize("seed", SEEDS)
def test_l2_narrows_the_train_dev_gap(course_finding, seed):
    values = course_finding(EXPERIMENT, seed)["values"]
    lambdas, train, dev = (_sweep(values, n) for n in ("lambda", "train", "dev"))
    gaps = _sweep(values, "gap")
    assert lambdas[0] == 0
    assert lambdas == sorted(lambdas)
    for t, d, g in zip(train, dev, gaps, strict=True):
        assert g == pytest.approx(t - d)
    # Without L2 the few digits are learnt by heart: a wide gap.
    assert train[0] >= 0.99
    assert gaps[0] > 0.08
    # The largest lambda narrows it by a quarter or more, and the gap mostly
    # shrinks on the way (Spearman's correlation with lambda).
    assert gaps[-1] < 0.75 * gaps[0]
    assert values["rank_correlation"] <= -0.5
    # It narrows from above: the penalty costs training accuracy.
    assert train[-1] < train[0] - 0.03
