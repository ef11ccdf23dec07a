"""`EpochSeeds`: a model's own randomness as a function of (seed, epoch)."""

import keras
import numpy as np

from kzoo._internal.seeding import mix
from kzoo._internal.validation import check_non_negative_int


class EpochSeeds(keras.callbacks.Callback):
    """Reseeds the model's random layers at the start of every epoch.

    Dropout and in-model augmentation draw from Keras `SeedGenerator`s,
    whose states are variables but not weights: `BackupAndRestore` and
    `.keras` files do not save them. A run resumed after a kill therefore
    drew different dropout masks than the uninterrupted run would have. With
    this callback each generator starts epoch e from a state fixed by
    `(seed, e, its index)`, so epoch e draws the same masks whether the run
    started at 0 or resumed at e (pair it with a data pipeline that is
    indexed by epoch too, such as `make_pipeline(..., first_epoch=k)`).

    Args:
        seed: The run's seed. Defaults to `0`.
    """

    def __init__(self, seed=0):
        super().__init__()
        self.seed = check_non_negative_int("seed", seed)

    def on_epoch_begin(self, epoch, logs=None):
        for index, state in enumerate(seed_states(self.model)):
            first = mix(self.seed, epoch, index)
            # The second entry is the generator's draw counter.
            state.assign(np.array([first, 0]).astype(state.dtype))


def seed_states(model):
    """The state variables of every SeedGenerator in `model`, in a fixed order."""
    return [v for v in model.variables if v.path.endswith("seed_generator_state")]
