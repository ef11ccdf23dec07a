"""Input normalisation inside the model, from training statistics only."""

import keras
import numpy as np
import pytest

import kzoo
from kzoo.layers import normalization
from kzoo.testing import assert_save_load_roundtrip


def normalized(model, x):
    layer = model.get_layer("input_normalization")
    return keras.Model(model.inputs, layer.output).predict(x, verbose=0)


def test_statistics_match_numpy_across_chunks(monkeypatch):
    monkeypatch.setattr(normalization, "_CHUNK", 7)  # Many uneven chunks.
    x = np.random.default_rng(0).normal(1e4, 3.0, (50, 4, 3))
    mean, variance = normalization.feature_statistics(x, (4, 3))
    np.testing.assert_allclose(mean, x.reshape(-1, 3).mean(axis=0), rtol=1e-6)
    np.testing.assert_allclose(variance, x.reshape(-1, 3).var(axis=0), rtol=1e-4)


def test_constant_features_are_centred_not_blown_up():
    x = np.zeros((10, 3), dtype="uint8")
    x[:, 1] = np.arange(10)
    _mean, variance = normalization.feature_statistics(x, (3,))
    assert variance[0] == 1.0
    assert variance[2] == 1.0
    model = kzoo.create_model("mlp", input_shape=(3,), normalize=x, hidden_units=(4,))
    stray = np.array([[255, 5, 0]], dtype="float32")
    assert np.all(np.abs(normalized(model, stray)) < 300)


@pytest.mark.parametrize("name", kzoo.list_models())
def test_model_normalises_with_training_statistics(name):
    rng = np.random.default_rng(0)
    train = rng.integers(0, 256, (64, 28, 28)).astype("uint8")
    model = kzoo.create_model(name, num_classes=10, normalize=train)
    z = normalized(model, train.astype("float32"))
    channel = 1 if z.ndim == 4 else z.shape[-1]
    np.testing.assert_allclose(z.mean(), 0.0, atol=1e-3)
    assert z.reshape(-1, channel).std(axis=0).mean() == pytest.approx(1.0, abs=1e-2)
    loaded = assert_save_load_roundtrip(model, train[:4].astype("float32"))
    np.testing.assert_allclose(
        normalized(loaded, train[:4]), normalized(model, train[:4]), atol=1e-6
    )


def test_dev_data_never_changes_the_statistics():
    rng = np.random.default_rng(0)
    train = rng.normal(0.0, 1.0, (200, 5)).astype("float32")
    dev = rng.normal(50.0, 9.0, (200, 5)).astype("float32")
    model = kzoo.create_model("mlp", input_shape=(5,), normalize=train)
    before = normalized(model, dev)
    model.fit(dev, np.zeros(200), epochs=1, verbose=0)
    # Training on other data moves the weights, never the normalisation.
    np.testing.assert_allclose(normalized(model, dev), before, rtol=1e-6)
    expected = (dev - train.mean(axis=0)) / train.std(axis=0)
    np.testing.assert_allclose(before, expected, rtol=1e-3, atol=1e-3)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (np.zeros((0, 28, 28)), "shape"),
        (np.zeros((4, 27, 28)), "shape"),
        (np.full((4, 28, 28), np.nan), "NaN"),
        (np.array([["a"] * 784] * 2), "numeric"),
    ],
)
def test_bad_normalisation_data_fails_naming_normalize(data, message):
    with pytest.raises(
        ValueError, match=rf"`normalize`.*{message}|{message}.*normalize"
    ):
        kzoo.create_model("mlp", normalize=data)


@pytest.mark.parametrize("name", ["mlp", "softmax_regression", "mnist_cnn"])
def test_images_get_one_mean_and_variance_per_channel(name, kzoo_digits):
    # A corner pixel is blank in every training digit: per-pixel statistics
    # would put ink there 255 (unit-variance) sigma out; with one mean and
    # variance for all pixels it is an ordinary value.
    train, _ = kzoo_digits
    assert not train[:, 0, 0].any()
    model = kzoo.create_model(name, normalize=train)
    layer = model.get_layer("input_normalization")
    assert layer.axis == ()  # Scalar statistics, before any flattening.
    inked = np.zeros((1, 28, 28), "float32")
    inked[0, 0, 0] = 255.0
    z = normalized(model, inked).ravel()
    pixels = train.astype("float64")
    expected = (255.0 - pixels.mean()) / pixels.std()
    assert z[0] == pytest.approx(expected, rel=1e-3)
    assert z[0] < 10
