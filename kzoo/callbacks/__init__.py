"""Keras callbacks for monitoring training by the course's method."""

from kzoo.callbacks.babysitter import Babysitter as Babysitter
from kzoo.callbacks.bias_variance_report import BiasVarianceReport as BiasVarianceReport
from kzoo.callbacks.epoch_seeds import EpochSeeds as EpochSeeds
from kzoo.callbacks.learning_curves import LearningCurves as LearningCurves
from kzoo.callbacks.stop_on_non_finite import (
    StopOnNonFiniteLoss as StopOnNonFiniteLoss,
)
from kzoo.callbacks.training_timer import TrainingTimer as TrainingTimer
