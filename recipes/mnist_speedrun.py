"""The fastest configuration to 99% on MNIST (target: <= 30 s on 2 CPU cores).

A narrow mnist_cnn (batch norm lets Adam take large steps) trained for a few
epochs at a large batch. Not yet tuned to the target: see BENCHMARKS.md.
"""

import sys

from kzoo.training import run

CONFIG = {
    "name": "mnist_speedrun",
    "description": __doc__.splitlines()[0],
    "model": "mnist_cnn",
    "model_args": {"filters": (16, 32, 64), "convs_per_stage": 1, "dropout": 0.0},
    "optimizer": "adam",
    "learning_rate": 0.003,
    "batch_size": 256,
    "epochs": 3,
    "dev_share": 0.05,
    "train_dev_share": 0.0,
    "augment": None,
}


def main(argv=None):
    return run(CONFIG, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
