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
    "epochs": 10,
    "dev_share": 0.1,  # 6,000 dev images, drawn from the 60,000 training images.
    "train_dev_share": 0.02,
    "augment": None,
}


def main(argv=None):
    return run(CONFIG, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
