"""What an experiment is told: where to write, how long to run, which seed."""

import dataclasses
from pathlib import Path

import numpy as np


@dataclasses.dataclass(frozen=True)
class Setting:
    """One run of one experiment.

    Args:
        out: The folder the experiment writes its figure into (created).
        name: The experiment's name (its script's, `01_linear_collapse`),
            which names its figure. Defaults to `"figure"`.
        quick: Small data and few steps, for tests: seconds, not minutes.
            Defaults to `False`.
        seed: Seeds the data's order, the initial weights and the dropout
            masks. Defaults to `0`.
        data_dir: A folder with the MNIST IDX files (or `KZOO_DATA_DIR`);
            used by full runs, never by quick ones, which read kzoo's bundled
            sample so that they run offline. Defaults to `None`.
    """

    out: Path
    name: str = "figure"
    quick: bool = False
    seed: int = 0
    data_dir: str | None = None

    def __post_init__(self):
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError(
                f"Argument `seed` must be an integer. Received: seed={self.seed!r}"
            )
        object.__setattr__(self, "out", Path(self.out))

    def pick(self, quick, full):
        """`quick` in quick runs, `full` otherwise: sizes, epochs, steps."""
        return quick if self.quick else full

    def figure_path(self):
        """`out/<name>.png`, with `out` created."""
        self.out.mkdir(parents=True, exist_ok=True)
        return self.out / f"{self.name}.png"

    def rng(self, stream=0):
        """A NumPy generator for this seed; `stream` separates independent uses."""
        return np.random.default_rng([self.seed, stream])

    def mnist(self, train, dev):
        """`train` and `dev` MNIST digits, flattened to [0, 1], disjoint.

        Quick runs draw them from kzoo's bundled sample (10,000 digits, no
        warning: quick runs are meant to be small); full runs load MNIST like
        the recipes (`data_dir`, then `KZOO_DATA_DIR`, the Keras cache, TFDS
        and the sample, with a warning) and draw both from its training set,
        so that the test set stays unseen. The draw depends on the seed.

        Returns:
            `(x_train, y_train), (x_dev, y_dev)`: float32 rows of 784 pixels
            and integer labels.
        """
        from kzoo.data import load_mnist
        from kzoo.data.mnist import read_sample

        if self.quick:
            arrays = read_sample()
            x, y = arrays["x_train"], arrays["y_train"]
        else:
            (x, y), _ = load_mnist(self.data_dir)
        if train + dev > len(x):
            raise ValueError(
                f"Arguments `train` + `dev` must be <= the {len(x):,} digits "
                f"available. Received: train={train}, dev={dev}"
            )
        order = self.rng(stream=1).permutation(len(x))[: train + dev]
        x = x[order].reshape(len(order), -1).astype("float32") / 255.0
        y = y[order].astype("int64")
        return (x[:train], y[:train]), (x[train:], y[train:])
