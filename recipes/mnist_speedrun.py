"""The fastest configuration to 99% on MNIST (target: <= 30 s on 2 CPU cores).

The registered `mnist_speedrun_cnn` (a narrow mnist_cnn, see
kzoo/models/vgg_style.py) trained for two epochs by Adam under a
one-cycle-like schedule: a short warm-up to a high peak (batch norm tolerates
it), then a cosine down to 0, so the last steps settle where test accuracy is
measured. See BENCHMARKS.md for the measured figures and the keras.io anchor.
"""

import sys

from kzoo.training import Recipe, main, register_recipe

RECIPE = register_recipe(
    Recipe(
        name="mnist_speedrun",
        description=__doc__.splitlines()[0],
        model="mnist_speedrun_cnn",
        optimizer="adam",
        learning_rate=0.02,
        schedule="cosine",
        schedule_args={"warmup": 0.2},
        batch_size=128,
        epochs=2,
        dev_share=0.05,
        train_dev_share=0.0,
    )
)

if __name__ == "__main__":
    sys.exit(main(RECIPE, sys.argv[1:]))
