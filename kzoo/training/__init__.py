"""Training runs by the course's loop: recipes in, run directories out."""

from kzoo.training.recipe import MNIST_HUMAN_ERROR as MNIST_HUMAN_ERROR
from kzoo.training.recipe import TrainingDiverged as TrainingDiverged
from kzoo.training.recipe import run as run
