"""The MLP recipe trains at the scale it is judged at, from the first epoch.

Per-pixel standardisation gave pixels that are almost always 0 a tiny
sigma, so an augmented or unusual digit put ink there at hundreds of
standard deviations: after one epoch the training loss was 6.85 against a
dev loss of 0.60 on the bundled sample, and batch losses reached 40-90.
"""

import numpy as np

from kzoo._internal.files import read_csv
from kzoo.data.mnist import read_sample
from kzoo.recipes.mnist_mlp import RECIPE
from kzoo.training import run

# Train mode (dropout, augmentation) sits above the inference-mode dev loss;
# a small factor is healthy.
RATIO = 2.0


def test_the_mlp_recipe_first_epoch_train_loss_is_near_its_dev_loss(tmp_path):
    data = tmp_path / "mnist.npz"
    np.savez(data, **read_sample())
    out = tmp_path / "run"
    options = ["--subset", "4000", "--epochs", "1", "--seed", "0"]
    run(
        RECIPE,
        [*options, "--data-dir", str(data), "--out", str(out), "--verbose", "0"],
    )
    dev_loss = float(read_csv(out / "history.csv")[0]["val_loss"])
    losses = [float(row["loss"]) for row in read_csv(out / "batches.csv")]
    # The epoch's own last quarter (Keras logs only a running mean from the
    # first, untrained step) against the dev loss at its end.
    settled = float(np.median(losses[-len(losses) // 4 :]))
    assert settled <= RATIO * dev_loss, f"train {settled:.3f}, dev {dev_loss:.3f}"
    assert max(losses[5:]) < 5.0, f"batch losses up to {max(losses):.1f}"
