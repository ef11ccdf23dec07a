"""kzoo's MNIST recipes, installed as `kzoo.recipes` (see pyproject.toml)."""
