"""95% intervals for error rates and for the gaps between them.

An error rate measured on n examples is a binomial proportion. Its Wilson
score interval (Wilson, 1927) keeps its coverage for small n and for rates
near 0, where the textbook p +/- 1.96 sqrt(p(1-p)/n) shrinks to nothing (0
errors in 76 images is not a 0% error rate, give or take 0%). The gap
between two rates measured on separate sets gets Newcombe's hybrid score
interval (Newcombe 1998, method 10), built from the two Wilson intervals.

An unknown set size means an exact rate: its interval is the rate itself.
"""

import math

# The normal quantile of a two-sided 95% interval.
Z_95 = 1.959963984540054


def wilson(rate, examples):
    """The 95% Wilson score interval `(low, high)` of `rate` on `examples`.

    Args:
        rate: The error rate measured, in [0, 1].
        examples: How many examples it was measured on, or `None` for an
            exact rate.

    Returns:
        `(low, high)`, within [0, 1]; `(rate, rate)` when `examples` is `None`.
    """
    if examples is None:
        return (rate, rate)
    z2n = Z_95**2 / examples
    centre = (rate + z2n / 2) / (1 + z2n)
    half = Z_95 * math.sqrt(rate * (1 - rate) / examples + z2n / examples / 4)
    half /= 1 + z2n
    return (max(0.0, centre - half), min(1.0, centre + half))


def difference(rate, interval, other, other_interval):
    """The 95% interval of `rate - other` from each rate's own interval.

    Newcombe's hybrid score interval: each side of the difference widens by
    the two rates' distances to the sides of their intervals that move the
    difference that way, added in quadrature.

    Returns:
        `(low, high)`; `(d, d)` for two exact rates, `d = rate - other`.
    """
    gap = rate - other
    below = math.hypot(rate - interval[0], other_interval[1] - other)
    above = math.hypot(interval[1] - rate, other - other_interval[0])
    return (gap - below, gap + above)
