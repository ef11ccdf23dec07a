"""Softmax regression on MNIST: the course's first classifier (target >= 92.5%)."""

import sys

from kzoo.training import run

CONFIG = {
    "name": "mnist_logreg",
    "description": __doc__,
    "model": "softmax_regression",
    "model_args": {},
    "optimizer": "adam",
    "learning_rate": 0.001,
    "batch_size": 128,
    "schedule": "reciprocal",
    "decay_epochs": 5,
    "epochs": 20,
    "dev_share": 0.05,  # 3,000 dev images, drawn from the 60,000 training images.
    "train_dev_share": 0.01,
    "augment": None,
}


def main(argv=None):
    return run(CONFIG, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
