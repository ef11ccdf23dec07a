"""`recipe_data`: a recipe's subset, dev and train-dev cut from MNIST."""

import pytest

from kzoo.training import Recipe
from kzoo.training.recipe_data import recipe_data
from tests.mnist_files import sample, write_idx_dir


@pytest.fixture
def small_dir(tmp_path):
    (x, y), test = sample()
    return write_idx_dir(tmp_path / "mnist", (x[:500], y[:500]), test)


def sizes(splits):
    parts = (splits.train, splits.train_dev, splits.dev)
    return [len(part[0]) for part in parts if part is not None]


def test_the_subset_is_cut_before_the_splits(small_dir):
    splits, test, _ = recipe_data(Recipe(name="r", model="mlp", subset=200), small_dir)
    assert sum(sizes(splits)) == 200
    assert len(test[0]) == len(sample()[1][0])


def test_a_subset_larger_than_the_data_warns_and_uses_it_all(small_dir):
    recipe = Recipe(name="r", model="mlp", subset=10_000)
    with pytest.warns(UserWarning, match=r"`subset`=10000 is more than the 500 "):
        splits, _, _ = recipe_data(recipe, small_dir)
    assert sum(sizes(splits)) == 500
