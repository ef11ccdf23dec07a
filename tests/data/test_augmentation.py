"""The augmentation spec, its arithmetic, and equality of the two placements."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from kzoo.augmentation import _warp as warp
from kzoo.data import Augmentation, make_pipeline
from kzoo.data import _tf_ops as tf_ops
from kzoo.layers import RandomAugmentation

FULL = Augmentation(
    rotation=15, translation=0.1, zoom=0.15, elastic_alpha=3.0, cutout=7
)


def digit():
    image = np.zeros((28, 28), "float32")
    image[6:22, 12:16] = 255.0  # A "1", off-centre enough to see shifts.
    image[6:9, 9:12] = 200.0
    return image


def draws(batch, seed=0):
    rng = np.random.default_rng(seed)
    uniforms = rng.uniform(size=(batch, warp.NUM_PARAMS)).astype("float32")
    noise = rng.uniform(size=(batch, 2, 28, 28)).astype("float32")
    return uniforms, noise


def test_both_placements_compute_the_same_transform():
    images = np.stack([digit(), digit()[::-1], np.rot90(digit())]).astype("float32")
    uniforms, noise = draws(3)
    in_model = warp.augment(keras.ops, images, uniforms, noise, FULL)
    in_pipeline = warp.augment(tf_ops, tf.constant(images), uniforms, noise, FULL)
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(in_model), in_pipeline.numpy(), atol=1e-3
    )


def test_middle_draws_are_the_identity():
    images = digit()[None]
    half = np.full((1, warp.NUM_PARAMS), 0.5, "float32")
    out = warp.augment(
        keras.ops, images, half, None, Augmentation(rotation=30, zoom=0.2)
    )
    np.testing.assert_allclose(keras.ops.convert_to_numpy(out), images, atol=1e-4)


def test_translation_moves_the_digit_by_whole_pixels():
    images = digit()[None]
    shift = np.array([[0.5, 0.5, 0.75, 0.25, 0, 0]], "float32")  # +1 px x, -1 px y.
    spec = Augmentation(translation=2 / 28)
    out = keras.ops.convert_to_numpy(warp.augment(keras.ops, images, shift, None, spec))
    expected = np.roll(np.roll(images[0], 1, axis=1), -1, axis=0)
    np.testing.assert_allclose(out[0], expected, atol=1e-3)


def test_quarter_turn_is_rot90():
    images = digit()[None]
    turn = np.array([[1.0, 0.5, 0.5, 0.5, 0, 0]], "float32")
    out = keras.ops.convert_to_numpy(
        warp.augment(keras.ops, images, turn, None, Augmentation(rotation=90))
    )[0]
    assert any(np.allclose(out, np.rot90(images[0], k), atol=1e-3) for k in (1, -1))


def test_cutout_zeroes_a_square_of_the_given_side():
    images = np.full((1, 28, 28), 100.0, "float32")
    centre = np.array([[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]], "float32")
    out = keras.ops.convert_to_numpy(
        warp.augment(keras.ops, images, centre, None, Augmentation(cutout=6))
    )[0]
    assert (out == 0).sum() == 36
    np.testing.assert_array_equal(np.argwhere(out == 0).min(axis=0), [11, 11])


def test_elastic_field_is_smooth_and_scaled():
    images = np.tile(np.arange(28, dtype="float32"), (28, 1))[None]  # x ramp.
    still = np.full((1, warp.NUM_PARAMS), 0.5, "float32")
    _, noise = draws(1)
    spec = Augmentation(elastic_alpha=2.0, elastic_sigma=4.0)
    out = keras.ops.convert_to_numpy(
        warp.augment(keras.ops, images, still, noise, spec)
    )
    displacement = (out - images)[0, 4:-4, 4:-4]  # Interior: no edge fill.
    assert 0.01 < np.abs(displacement).max() <= 2.0
    # Smooth: neighbouring pixels move almost alike.
    assert np.abs(np.diff(displacement, axis=1)).max() < 0.5


def test_placements_give_the_same_distribution():
    images = np.repeat(digit()[None].astype("uint8"), 512, axis=0)
    spec = Augmentation(rotation=15, translation=0.1, zoom=0.1, cutout=5)
    pipeline = make_pipeline(images, np.zeros(512), 512, training=True, augment=spec)
    from_pipeline = next(iter(pipeline))[0].numpy()
    layer = RandomAugmentation.from_spec(spec, seed=0)
    from_model = keras.ops.convert_to_numpy(layer(images, training=True))
    mean_p, mean_m = from_pipeline.mean(axis=0), from_model.mean(axis=0)
    # The two average images agree far better than either does with the
    # unaugmented digit, and their overall statistics match.
    assert np.abs(mean_p - mean_m).mean() < 0.25 * np.abs(mean_p - digit()).mean()
    assert from_pipeline.mean() == pytest.approx(from_model.mean(), rel=0.05)
    assert from_pipeline.std() == pytest.approx(from_model.std(), rel=0.05)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rotation": -5}, r"rotation=-5"),
        ({"rotation": 270}, r"rotation=270"),
        ({"translation": 1.0}, r"translation=1.0"),
        ({"zoom": -0.1}, r"zoom=-0.1"),
        ({"zoom": 1.5}, r"zoom=1.5"),
        ({"elastic_sigma": 0}, r"elastic_sigma=0"),
        ({"cutout": -2}, r"cutout=-2"),
        ({"placement": "gpu"}, r"'pipeline', 'model'.*placement='gpu'"),
    ],
)
def test_bad_specs_fail_naming_the_field(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Augmentation(**kwargs)


def test_spec_config_round_trips():
    assert Augmentation(**FULL.get_config()) == FULL
    assert Augmentation().is_identity
    assert not FULL.is_identity
