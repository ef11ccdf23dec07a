"""RandomAugmentation: training-only, seeded, serializable, XLA-compilable."""

import keras
import numpy as np
import pytest

import kzoo
from kzoo.data import Augmentation
from kzoo.layers import RandomAugmentation
from kzoo.testing import assert_save_load_roundtrip

SPEC = Augmentation(
    rotation=10, translation=0.1, zoom=0.1, elastic_alpha=2, cutout=6, placement="model"
)


def images(n=8):
    return np.random.default_rng(0).integers(0, 256, (n, 28, 28, 1)).astype("float32")


def test_inference_passes_images_through_unchanged():
    layer = RandomAugmentation.from_spec(SPEC, seed=1)
    x = images()
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(x)), x)
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(layer(x, training=False)), x
    )


def test_training_transforms_and_draws_anew_each_call():
    layer = RandomAugmentation.from_spec(SPEC, seed=1)
    x = images()
    first = keras.ops.convert_to_numpy(layer(x, training=True))
    second = keras.ops.convert_to_numpy(layer(x, training=True))
    assert first.shape == x.shape
    assert np.abs(first - x).mean() > 5
    assert not np.allclose(first, second)


NO_X64 = pytest.mark.skipif(
    keras.backend.backend() == "jax", reason="JAX has float64 only with jax_enable_x64"
)


@pytest.mark.parametrize(
    "policy",
    ["mixed_bfloat16", "mixed_float16", pytest.param("float64", marks=NO_X64)],
)
def test_other_dtype_policies_augment_and_return_the_compute_dtype(policy):
    # TensorFlow refused to mix the warp's float32 with bfloat16 images.
    layer = RandomAugmentation.from_spec(SPEC, seed=1, dtype=policy)
    x = images()
    for training in (True, False):
        out = layer(x, training=training)
        assert keras.backend.standardize_dtype(out.dtype) == layer.compute_dtype
    augmented = keras.ops.convert_to_numpy(keras.ops.cast(out, "float32"))
    np.testing.assert_allclose(augmented, x, rtol=1e-2)  # Inference: unchanged.
    trained = keras.ops.convert_to_numpy(
        keras.ops.cast(layer(x, training=True), "float32")
    )
    assert np.abs(trained - x).mean() > 5


def test_a_seed_repeats_the_stream():
    x = images()
    a, b = (
        RandomAugmentation.from_spec(SPEC, seed=7),
        RandomAugmentation.from_spec(SPEC, seed=7),
    )
    for _ in range(2):
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(a(x, training=True)),
            keras.ops.convert_to_numpy(b(x, training=True)),
        )


def test_builders_insert_model_specs_and_ignore_pipeline_specs():
    with_layer = kzoo.create_model("mnist_cnn", filters=(4, 8), augment=SPEC)
    assert any(isinstance(layer, RandomAugmentation) for layer in with_layer.layers)
    pipeline_spec = Augmentation(rotation=10)
    without = kzoo.create_model("mnist_cnn", filters=(4, 8), augment=pipeline_spec)
    assert not any(isinstance(layer, RandomAugmentation) for layer in without.layers)


def test_predictions_are_unaffected_and_model_round_trips():
    model = kzoo.create_model("simple_convnet", augment=SPEC)
    x = images(4)[..., 0]
    np.testing.assert_array_equal(
        model.predict(x, verbose=0), model.predict(x, verbose=0)
    )
    loaded = assert_save_load_roundtrip(model, x)
    layer = next(x for x in loaded.layers if isinstance(x, RandomAugmentation))
    assert layer.spec == Augmentation(**{**SPEC.get_config(), "placement": "pipeline"})


def test_config_round_trips():
    layer = RandomAugmentation(rotation=5, cutout=3, seed=4, name="aug")
    config = layer.get_config()
    clone = RandomAugmentation.from_config(config)
    assert clone.get_config() == config
    assert keras.saving.serialize_keras_object(layer)["registered_name"] == (
        "kzoo>RandomAugmentation"
    )


def test_model_stays_xla_compilable():
    model = kzoo.create_model("mnist_cnn", filters=(4, 8), augment=SPEC)
    assert all(layer.supports_jit for layer in model._flatten_layers())
    # Keras's own rotation layer is what switches XLA off.
    assert not keras.layers.RandomRotation(0.1).supports_jit
    model.compile(
        optimizer="adam", loss="sparse_categorical_crossentropy", jit_compile=True
    )
    assert model.jit_compile
    history = model.fit(images(16)[..., 0], np.arange(16) % 10, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_augmentation_leaves_keras_auto_xla_decision_alone():
    plain = kzoo.create_model("mnist_cnn", filters=(4, 8))
    augmented = kzoo.create_model("mnist_cnn", filters=(4, 8), augment=SPEC)
    assert augmented.jit_compile == plain.jit_compile
    if keras.backend.backend() == "jax":
        assert augmented.jit_compile  # (TensorFlow turns XLA off on CPU-only hosts.)
    rotating = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.RandomRotation(0.1),
            keras.layers.Flatten(),
            keras.layers.Dense(2),
        ]
    )
    rotating.compile(loss="mse")
    assert not rotating.jit_compile


def test_global_seed_repeats_a_models_augmentation():
    outputs = []
    for _ in range(2):
        keras.utils.set_random_seed(5)
        model = kzoo.create_model("mnist_cnn", filters=(4, 8), augment=SPEC)
        layer = next(x for x in model.layers if isinstance(x, RandomAugmentation))
        outputs.append(keras.ops.convert_to_numpy(layer(images(), training=True)))
    np.testing.assert_array_equal(outputs[0], outputs[1])
