"""Plots people would rather look at than read. matplotlib loads on first use."""

from kzoo.plots.learning_curves import plot_learning_curves as plot_learning_curves
from kzoo.plots.learning_rate_sweep import (
    plot_learning_rate_sweep as plot_learning_rate_sweep,
)
