"""make_pipeline: uint8 until batched, shuffled and augmented only in training."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import kzoo
from kzoo.data import Augmentation, make_pipeline


def digits(n=100):
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (n, 28, 28)).astype("uint8"), np.arange(n) % 10


def batches(dataset):
    return [(x.numpy(), y.numpy()) for x, y in dataset]


def test_inference_pipeline_keeps_order_and_values():
    x, y = digits(70)
    out = batches(make_pipeline(x, y, batch_size=32, training=False))
    assert [len(b[1]) for b in out] == [32, 32, 6]
    np.testing.assert_array_equal(np.concatenate([b[0] for b in out]), x)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in out]), y)
    assert out[0][0].dtype == np.float32


def test_images_stay_uint8_until_after_batching():
    x, y = digits()
    dataset = make_pipeline(x, y, batch_size=10, training=True)
    # Walk back through the chain of datasets to the batching stage.
    stages = []
    while hasattr(dataset, "_input_dataset"):
        stages.append(dataset)
        dataset = dataset._input_dataset
    kinds = [type(stage).__name__ for stage in stages]
    batched = stages[kinds.index("_BatchDataset")]
    assert batched.element_spec[0].dtype == tf.uint8
    assert stages[0].element_spec[0].dtype == tf.float32


def test_training_shuffles_every_epoch_and_repeats_with_the_seed():
    x, y = digits()
    dataset = make_pipeline(x, y, batch_size=100, training=True, seed=5)
    first, second = (batches(dataset)[0][1] for _ in range(2))
    assert sorted(first.tolist()) == sorted(y.tolist())
    assert not np.array_equal(first, y)
    assert not np.array_equal(first, second)
    again = batches(make_pipeline(x, y, batch_size=100, training=True, seed=5))[0][1]
    np.testing.assert_array_equal(first, again)


def test_drop_remainder_gives_full_batches_leaving_out_new_ones_each_epoch():
    x, y = digits(70)
    dataset = make_pipeline(
        x, y, batch_size=32, training=True, seed=1, drop_remainder=True
    )
    epochs = [batches(dataset) for _ in range(3)]
    assert all([len(b[1]) for b in epoch] == [32, 32] for epoch in epochs)
    seen = [np.concatenate([b[0] for b in epoch]).reshape(64, -1) for epoch in epochs]
    left_out = [
        {i for i in range(70) if not (seen_epoch == x[i].reshape(-1)).all(1).any()}
        for seen_epoch in seen
    ]
    assert all(len(out) == 6 for out in left_out)
    assert len({frozenset(out) for out in left_out}) > 1


def test_pipeline_augmentation_only_in_training_and_only_its_placement():
    x, _ = digits(64)
    ids = np.arange(64)  # Labels that say which image each row is.
    spec = Augmentation(rotation=20, translation=0.1)
    plain = batches(make_pipeline(x, ids, 64, training=False, augment=spec))[0][0]
    np.testing.assert_array_equal(plain, x)
    augmented, order = batches(make_pipeline(x, ids, 64, training=True, augment=spec))[
        0
    ]
    assert np.abs(augmented - x[order]).mean() > 10
    in_model = Augmentation(rotation=20, placement="model")
    rows, order = batches(make_pipeline(x, ids, 64, training=True, augment=in_model))[0]
    np.testing.assert_array_equal(rows, x[order])


def test_augmentation_repeats_with_the_seed_and_changes_every_epoch():
    x, y = digits(32)
    spec = {"rotation": 15, "zoom": 0.1, "elastic_alpha": 2.0, "cutout": 6}
    dataset = make_pipeline(x, y, 32, training=True, augment=spec, seed=1)
    epoch_1, epoch_2 = (batches(dataset)[0][0] for _ in range(2))
    assert not np.allclose(epoch_1, epoch_2)
    rerun = make_pipeline(x, y, 32, training=True, augment=spec, seed=1)
    np.testing.assert_array_equal(batches(rerun)[0][0], epoch_1)


def test_rescale():
    x, y = digits(4)
    out = batches(make_pipeline(x, y, 4, training=False, rescale=1 / 255))[0][0]
    np.testing.assert_allclose(out, x / 255.0, rtol=1e-6)


def test_a_model_trains_on_the_pipeline():
    x, y = digits(64)
    spec = Augmentation(rotation=10, translation=0.1)
    model = kzoo.create_model("mnist_cnn", filters=(4, 8), normalize=x)
    history = model.fit(
        make_pipeline(x, y, 16, training=True, augment=spec),
        epochs=1,
        verbose=0,
        shuffle=False,
    )
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, r"batch_size=0"),
        ({"batch_size": -8}, r"batch_size=-8"),
        ({"batch_size": 2.5}, r"batch_size=2.5"),
        ({"augment": "flip"}, r"augment='flip'"),
        ({"augment": {"rotate": 3}}, r"`augment`.*unknown field"),
        ({"shuffle_buffer": 0}, r"shuffle_buffer=0"),
        (
            {"batch_size": 11, "drop_remainder": True},
            r"no batch. Received: batch_size=11",
        ),
    ],
)
def test_bad_arguments_fail_naming_them(kwargs, message):
    x, y = digits(10)
    arguments = {"batch_size": 4, "training": True, **kwargs}
    with pytest.raises(ValueError, match=message):
        make_pipeline(x, y, **arguments)


def test_bad_data_fails_naming_it():
    with pytest.raises(ValueError, match=r"`x` must hold examples"):
        make_pipeline(np.zeros((0, 28, 28)), np.zeros(0), 4, training=True)
    with pytest.raises(ValueError, match=r"`y` must hold 10 labels"):
        make_pipeline(np.zeros((10, 28, 28)), np.zeros(9), 4, training=True)


def test_pipeline_augmentation_feeds_a_jax_model():
    # Keras preprocessing layers fail inside tf.data on JAX (keras issues
    # 18396, 19895); kzoo's pipeline runs its warp on TensorFlow ops instead.
    from tests.subprocesses import explain, run_python

    code = (
        "import numpy as np, keras, kzoo\n"
        "from kzoo.data import Augmentation, make_pipeline\n"
        "assert keras.backend.backend() == 'jax'\n"
        "x = np.random.default_rng(0).integers(0, 256, (64, 28, 28)).astype('uint8')\n"
        "spec = Augmentation(rotation=10, zoom=0.1, elastic_alpha=2, cutout=4)\n"
        "data = make_pipeline(x, np.arange(64) % 10, 16, training=True, augment=spec)\n"
        "model = kzoo.create_model('mnist_cnn', filters=(4, 8), normalize=x)\n"
        "h = model.fit(data, epochs=2, verbose=0, shuffle=False)\n"
        "assert np.all(np.isfinite(h.history['loss']))\n"
        "print('jax trained on the tf.data pipeline')\n"
    )
    result = run_python(["-c", code], "jax")
    assert result.returncode == 0, explain(result)
    assert "jax trained" in result.stdout


@pytest.mark.parametrize("augment", [None, {"rotation": 10, "translation": 0.1}])
def test_epoch_stream_resumed_at_k_repeats_epoch_k(augment):
    x, y = digits(64)
    keras.utils.set_random_seed(1)  # A global seed, as fit runs set one.
    options = {"training": True, "seed": 4, "drop_remainder": True, "augment": augment}
    full = batches(make_pipeline(x, y, 16, first_epoch=0, **options).take(12))
    resumed = batches(make_pipeline(x, y, 16, first_epoch=2, **options).take(4))
    for (xa, ya), (xb, yb) in zip(full[8:], resumed, strict=True):
        np.testing.assert_array_equal(ya, yb)
        np.testing.assert_array_equal(xa, xb)
    epochs = [np.concatenate([b[1] for b in full[i : i + 4]]) for i in (0, 4, 8)]
    assert all(sorted(e.tolist()) == sorted(y.tolist()) for e in epochs)
    assert not np.array_equal(epochs[0], epochs[1])
