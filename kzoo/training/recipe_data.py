"""`recipe_data`: the images a recipe trains, chooses and is tested on."""

import warnings

from kzoo.data import load_mnist, train_dev_test_split


def recipe_data(recipe, data_dir=None):
    """MNIST cut as `recipe` says: its subset, then its dev and train-dev sets.

    Args:
        recipe: A `Recipe`.
        data_dir: MNIST's directory or `mnist.npz`; `None` looks where
            `kzoo.data.load_mnist` does. Defaults to `None`.

    Returns:
        `(splits, test, source)`: the `kzoo.data.Splits` of the training
        images (its test part empty), the `(x, y)` test set, and where the
        data came from.
    """
    (x_train, y_train), test, source = load_mnist(data_dir, with_source=True)
    if recipe.subset and recipe.subset > len(x_train):
        # Not an error: the same command runs on full MNIST and on the
        # bundled sample (8,000 images), as the README's examples do.
        warnings.warn(
            f"`subset`={recipe.subset} is more than the {len(x_train):,} "
            f"training images of {source}, so all {len(x_train):,} are used.",
            UserWarning,
            stacklevel=2,
        )
    if recipe.subset:
        x_train, y_train = x_train[: recipe.subset], y_train[: recipe.subset]
    splits = train_dev_test_split(
        x_train,
        y_train,
        ratios=(1 - recipe.dev_share, recipe.dev_share, 0.0),
        train_dev=recipe.train_dev_share,
        seed=recipe.seed,
    )
    return splits, test, source
