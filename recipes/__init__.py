"""kzoo's MNIST recipes, installed as `kzoo.recipes` (see pyproject.toml).

Each module holds one `RECIPE`; importing it registers the recipe for
`kzoo train NAME` and `kzoo list` (see `kzoo.training.list_recipes`).
"""

from kzoo.recipes import mnist_cnn as mnist_cnn
from kzoo.recipes import mnist_logreg as mnist_logreg
from kzoo.recipes import mnist_mlp as mnist_mlp
from kzoo.recipes import mnist_speedrun as mnist_speedrun
