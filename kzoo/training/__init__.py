"""Training runs by the course's loop: recipes in, run directories out.

`Recipe` holds a run's settings; `run(recipe, argv)` trains it into a run
directory; `main` does the same for a command line, with one-line errors.
"""

from kzoo.data import MNIST_HUMAN_ERROR as MNIST_HUMAN_ERROR
from kzoo.training.command import main as main
from kzoo.training.loop import TrainingDiverged as TrainingDiverged
from kzoo.training.loop import run as run
from kzoo.training.options import OneLineParser as OneLineParser
from kzoo.training.options import RunOptions as RunOptions
from kzoo.training.recipe import Recipe as Recipe
from kzoo.training.recipe import get_recipe as get_recipe
from kzoo.training.recipe import list_recipes as list_recipes
from kzoo.training.recipe import register_recipe as register_recipe
from kzoo.training.run_directory import RunDirectory as RunDirectory
from kzoo.training.run_directory import RunMismatch as RunMismatch
