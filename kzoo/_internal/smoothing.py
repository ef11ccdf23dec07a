"""The course's exponentially weighted average, with its bias correction."""

import math


class ExponentialAverage:
    """V_t = beta * V_{t-1} + (1 - beta) * x_t, read as V_t / (1 - beta^t).

    Without the correction the first values lean towards 0 (V_0 = 0); with it,
    the first value read is x_1 itself. beta = 0.9 averages roughly the last
    10 values. NaN and Inf values are skipped, so one bad batch does not
    poison the rest of a curve.

    Args:
        beta: The weight of the past, in [0, 1).
    """

    def __init__(self, beta):
        self.beta = beta
        self._sum, self._count = 0.0, 0

    def add(self, value):
        """Adds `value` (skipped unless finite); returns the average so far."""
        if math.isfinite(value):
            self._sum = self.beta * self._sum + (1.0 - self.beta) * value
            self._count += 1
        return self.value

    @property
    def value(self):
        """The bias-corrected average, NaN before the first finite value."""
        if not self._count:
            return math.nan
        return self._sum / (1.0 - self.beta**self._count)
