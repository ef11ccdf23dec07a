"""The fastest configuration to 99% on MNIST (target: <= 30 s on 2 CPU cores).

A narrow mnist_cnn, (12, 24, 48) filters with the extra convolution on the
cheap 7x7 stage, trained for two epochs by Adam under a one-cycle-like
schedule: a short warm-up to a high peak (batch norm tolerates it), then a
cosine down to 0, so the last steps settle where test accuracy is measured.
Batch norm is left out of the full-resolution first stage, where it cost
more than the convolutions on 2 CPU cores. See BENCHMARKS.md for the
measured figures and the keras.io anchor.
"""

import sys

from kzoo.training import run

CONFIG = {
    "name": "mnist_speedrun",
    "description": __doc__.splitlines()[0],
    "model": "mnist_cnn",
    "model_args": {
        "filters": (12, 24, 48),
        "convs_per_stage": (1, 1, 2),
        "batch_norm": (False, True, True),
        "dropout": 0.0,
    },
    "optimizer": "adam",
    "learning_rate": 0.02,
    "schedule": "cosine",
    "warmup": 0.2,
    "batch_size": 128,
    "epochs": 2,
    "dev_share": 0.05,
    "train_dev_share": 0.0,
    "augment": None,
}


def main(argv=None):
    return run(CONFIG, argv)


if __name__ == "__main__":
    main(sys.argv[1:])
