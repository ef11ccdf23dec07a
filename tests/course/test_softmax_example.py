import pytest

from tests.course.conftest import SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_of_the_slide_s_logits(course_finding, seed):
    finding = course_finding("10_softmax_example", seed)
    values = finding["values"]
    assert finding["holds"]
    # Independent of the experiment's code: e^z / sum(e^z), by hand.
    import math

    exps = [math.exp(3), math.exp(-2), math.exp(6)]
    for i, e in enumerate(exps, 1):
        assert values[f"a{i}"] == pytest.approx(e / sum(exps), abs=1e-6)
    assert values["a3"] > values["a1"] > values["a2"]
    assert values["slide_sum"] == pytest.approx(0.9993)
