"""Optimizer presets with the course's defaults; each is a real Keras optimizer."""

from kzoo.optimizers.learning_rate import (
    current_learning_rate as current_learning_rate,
)
from kzoo.optimizers.presets import adam as adam
from kzoo.optimizers.presets import get as get
from kzoo.optimizers.presets import list_optimizers as list_optimizers
from kzoo.optimizers.presets import momentum as momentum
from kzoo.optimizers.presets import rmsprop as rmsprop
from kzoo.optimizers.presets import sgd as sgd
