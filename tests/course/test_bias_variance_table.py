import pytest

from tests.course.conftest import SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_the_course_table_is_diagnosed_as_the_course_says(course_finding, seed):
    values = course_finding("14_bias_variance_table", seed)["values"]
    assert all(values[f"case{i}_agrees"] == 1.0 for i in range(1, 6))
    # The same (15%, 16%) errors: a 15-point bias gap against 0%, none
    # against a Bayes error of 15%.
    assert values["case2_bias"] == pytest.approx(0.15)
    assert values["case5_bias"] == pytest.approx(0.0)
