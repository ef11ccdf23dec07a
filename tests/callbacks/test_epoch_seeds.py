"""EpochSeeds: dropout masks depend on (seed, epoch), not on the run's past."""

import keras
import numpy as np

from kzoo.callbacks import EpochSeeds
from kzoo.callbacks.epoch_seeds import seed_states


def dropout_model():
    inputs = keras.Input((64,))
    first = keras.layers.Dropout(0.5)(inputs)
    return keras.Model(inputs, keras.layers.Dropout(0.5)(first))


def masks(model, draws=2):
    x = np.ones((4, 64), "float32")
    return [keras.ops.convert_to_numpy(model(x, training=True)) for _ in range(draws)]


def test_each_epoch_starts_from_the_same_state_whatever_came_before():
    model = dropout_model()
    seeds = EpochSeeds(seed=7)
    seeds.set_model(model)
    seeds.on_epoch_begin(3)
    first = masks(model)
    masks(model, draws=5)  # What a run did before: more draws.
    seeds.on_epoch_begin(3)
    np.testing.assert_array_equal(masks(model), first)
    seeds.on_epoch_begin(4)
    assert not np.array_equal(masks(model)[0], first[0])


def test_generators_get_distinct_states_and_seeds_matter():
    model = dropout_model()
    assert len(seed_states(model)) == 2
    callback = EpochSeeds(seed=1)
    callback.set_model(model)
    callback.on_epoch_begin(0)
    states = [tuple(keras.ops.convert_to_numpy(s)) for s in seed_states(model)]
    assert states[0] != states[1]
    other = EpochSeeds(seed=2)
    other.set_model(model)
    other.on_epoch_begin(0)
    assert tuple(keras.ops.convert_to_numpy(seed_states(model)[0])) != states[0]


def test_fit_with_dropout_repeats_an_epoch_exactly():
    x = np.random.default_rng(0).normal(size=(32, 64)).astype("float32")
    y = np.arange(32) % 2

    def weights_after(initial_epoch, model=None):
        keras.utils.set_random_seed(0)
        model = model or keras.Sequential(
            [keras.Input((64,)), keras.layers.Dropout(0.5), keras.layers.Dense(1)]
        )
        model.compile(optimizer="sgd", loss="mse")
        model.fit(
            x,
            y,
            epochs=initial_epoch + 1,
            initial_epoch=initial_epoch,
            shuffle=False,
            callbacks=[EpochSeeds(seed=5)],
            verbose=0,
        )
        return model

    # Epoch 2 from the same weights: the same masks, so the same update.
    a = weights_after(2)
    start = [w.copy() for w in a.get_weights()]
    masks(a, draws=3)
    b = keras.models.clone_model(a)
    b.set_weights(start)
    a.set_weights(start)
    after_a = weights_after(2, a).get_weights()
    after_b = weights_after(2, b).get_weights()
    for wa, wb in zip(after_a, after_b, strict=True):
        np.testing.assert_array_equal(wa, wb)
