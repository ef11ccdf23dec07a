"""Wilson intervals for error rates, Newcombe's for the gaps between them."""

import pytest

from kzoo.diagnosis.interval import difference, wilson


@pytest.mark.parametrize(
    ("errors", "examples", "expected"),
    [
        # From scipy.stats.binomtest(k, n).proportion_ci(method="wilson").
        (6, 76, (0.036684005233472, 0.161727434821381)),
        (0, 76, (0.0, 0.048113585065137)),
        (76, 76, (0.951886414934863, 1.0)),
        (14, 400, (0.020961294197978, 0.057885139532918)),
        (269, 7524, (0.031788185417251, 0.040190144863044)),
        (1, 10, (0.017876213095073, 0.404150026795239)),
    ],
)
def test_wilson_matches_the_reference(errors, examples, expected):
    assert wilson(errors / examples, examples) == pytest.approx(expected, abs=1e-12)


def test_zero_errors_is_not_a_zero_width_interval():
    # The textbook p +/- 1.96 sqrt(p(1-p)/n) would say 0% +/- 0%.
    low, high = wilson(0.0, 30)
    assert low == 0.0
    assert high > 0.1


def test_an_unknown_size_is_an_exact_rate():
    assert wilson(0.07, None) == (0.07, 0.07)
    assert difference(0.11, (0.11, 0.11), 0.01, (0.01, 0.01)) == pytest.approx(
        (0.10, 0.10)
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Newcombe (1998), Statistics in Medicine 17:873, Table II, method 10.
        ((56, 70), (48, 80), (0.0524, 0.3339)),
        ((9, 10), (3, 10), (0.1705, 0.8090)),
        ((5, 56), (0, 29), (-0.0381, 0.1926)),
    ],
)
def test_difference_matches_newcombes_table(a, b, expected):
    p, q = a[0] / a[1], b[0] / b[1]
    interval = difference(p, wilson(p, a[1]), q, wilson(q, b[1]))
    assert interval == pytest.approx(expected, abs=5e-5)
