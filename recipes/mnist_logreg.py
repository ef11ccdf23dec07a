"""Softmax regression on MNIST: the course's first classifier (target >= 92.5%)."""

import sys

from kzoo.training import Recipe, main, register_recipe

RECIPE = register_recipe(
    Recipe(
        name="mnist_logreg",
        description=__doc__,
        model="softmax_regression",
        optimizer="adam",
        learning_rate=0.001,
        schedule="reciprocal",
        schedule_args={"decay_epochs": 5},
        batch_size=128,
        epochs=20,
        dev_share=0.05,  # 3,000 dev images, drawn from the 60,000 training images.
        train_dev_share=0.01,
    )
)

if __name__ == "__main__":
    sys.exit(main(RECIPE, sys.argv[1:]))
