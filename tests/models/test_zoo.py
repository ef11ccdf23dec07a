"""Every registered model, parametrised over the registry itself."""

import inspect

import keras
import numpy as np
import pytest

import kzoo
from kzoo.testing import assert_output_contract, assert_save_load_roundtrip

MODELS = kzoo.list_models()
TASKS = [2, 10]
CNNS = [
    "lenet5",
    "mnist_cnn",
    "mnist_cnn_narrow",
    "mnist_speedrun_cnn",
    "simple_convnet",
]


def tiny_batch(num_classes, size=8):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (size, 28, 28)).astype("float32") / 255.0
    return x, rng.integers(0, num_classes, size)


def takes(name, argument):
    builder = kzoo.models._registry.MODELS.get(name)
    return argument in inspect.signature(builder).parameters


def test_registry_holds_the_issue_models():
    expected = {"logistic_regression", "softmax_regression", "mlp", "lenet5"}
    assert expected | {"simple_convnet", "mnist_cnn"} <= set(MODELS)


@pytest.mark.parametrize("num_classes", TASKS)
@pytest.mark.parametrize("name", MODELS)
def test_output_follows_the_task(name, num_classes):
    model = kzoo.create_model(name, num_classes=num_classes)
    assert isinstance(model, keras.Model)
    assert model.name == name
    assert_output_contract(model, num_classes)
    x, _ = tiny_batch(num_classes)
    expected_units = 1 if num_classes == 2 else num_classes
    assert model.predict(x, verbose=0).shape == (len(x), expected_units)


@pytest.mark.parametrize("num_classes", TASKS)
@pytest.mark.parametrize("name", MODELS)
def test_compiled_with_the_matching_loss_and_accuracy(name, num_classes):
    model = kzoo.create_model(name, num_classes=num_classes)
    expected = (
        keras.losses.BinaryCrossentropy
        if num_classes == 2
        else keras.losses.SparseCategoricalCrossentropy
    )
    assert isinstance(model.loss, expected)
    x, y = tiny_batch(num_classes, size=32)
    scores = model.evaluate(x, y, verbose=0, return_dict=True)
    probabilities = model.predict(x, verbose=0)
    if num_classes == 2:
        predicted = (probabilities[:, 0] > 0.5).astype(int)
    else:
        predicted = probabilities.argmax(axis=-1)
    assert scores["accuracy"] == pytest.approx(np.mean(predicted == y), abs=1e-6)


@pytest.mark.parametrize("num_classes", TASKS)
@pytest.mark.parametrize("name", MODELS)
def test_trains_and_round_trips_through_keras_file(name, num_classes):
    model = kzoo.create_model(name, num_classes=num_classes)
    x, y = tiny_batch(num_classes)
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert "accuracy" in history.history
    loaded = assert_save_load_roundtrip(model, x)
    assert type(loaded.optimizer) is type(model.optimizer)
    assert isinstance(loaded.loss, type(model.loss))


@pytest.mark.parametrize("name", MODELS)
def test_compile_false_skips_compiling(name):
    assert not kzoo.create_model(name, compile=False).compiled


@pytest.mark.parametrize("name", MODELS)
def test_optimizer_and_learning_rate_are_used(name):
    model = kzoo.create_model(name, optimizer="momentum", learning_rate=0.05)
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert model.optimizer.momentum == pytest.approx(0.9)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.05)


@pytest.mark.parametrize("name", MODELS)
def test_accepts_images_with_or_without_channel_axis(name):
    x, _ = tiny_batch(10)
    model = kzoo.create_model(name, input_shape=(28, 28, 1), num_classes=10)
    assert model.predict(x[..., None], verbose=0).shape == (len(x), 10)


@pytest.mark.parametrize("name", MODELS)
def test_cnns_refuse_flat_vectors(name):
    if name not in CNNS:
        model = kzoo.create_model(name, input_shape=(784,))
        assert model.inputs[0].shape[1:] == (784,)
        return
    with pytest.raises(ValueError, match=r"`input_shape`.*input_shape=\(784,\)"):
        kzoo.create_model(name, input_shape=(784,))


@pytest.mark.parametrize("name", CNNS)
def test_cnns_refuse_images_too_small(name):
    with pytest.raises(ValueError, match=r"input_shape=\(4, 4\)"):
        kzoo.create_model(name, input_shape=(4, 4))


def test_simple_convnet_is_the_keras_io_model():
    # keras.io/examples/vision/mnist_convnet prints 34,826 parameters.
    model = kzoo.create_model("simple_convnet", input_shape=(28, 28, 1))
    assert model.count_params() == 34_826
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == [
        "InputLayer",
        "Conv2D",
        "Activation",
        "MaxPooling2D",
        "Conv2D",
        "Activation",
        "MaxPooling2D",
        "Flatten",
        "Dropout",
        "Dense",
    ]
    dropout = model.layers[-2]
    assert dropout.rate == 0.5


BAD_ARGUMENTS = [
    ("num_classes", 1),
    ("num_classes", 0),
    ("num_classes", 2.5),
    ("dropout", 1.0),
    ("dropout", -0.1),
    ("l2", -1e-4),
    ("activation", "relux"),
    ("kernel_initializer", "he_normalish"),
    ("learning_rate", 0.0),
    ("optimizer", "adamm"),
]


@pytest.mark.parametrize(
    ("name", "argument", "value"),
    [(n, a, v) for n in MODELS for a, v in BAD_ARGUMENTS if takes(n, a)],
)
def test_bad_arguments_fail_naming_argument_and_value(name, argument, value):
    with pytest.raises(ValueError, match=f"{argument}={value!r}"):
        kzoo.create_model(name, **{argument: value})


BAD_UNITS = [
    ("mlp", "hidden_units", (128, 0)),
    ("mlp", "hidden_units", (-3,)),
    ("lenet5", "filters", (6, 0)),
    ("lenet5", "dense_units", (120, -84)),
    ("simple_convnet", "filters", (0, 64)),
    ("mnist_cnn", "filters", (32, 0, 128)),
    ("mnist_cnn", "convs_per_stage", (2, 0, 2)),
]


@pytest.mark.parametrize(("name", "argument", "value"), BAD_UNITS)
def test_non_positive_units_fail(name, argument, value):
    with pytest.raises(ValueError, match=rf"`{argument}`.*{argument}=\("):
        kzoo.create_model(name, **{argument: value})


def test_unknown_argument_names_the_closest():
    with pytest.raises(TypeError, match="Did you mean 'hidden_units'"):
        kzoo.create_model("mlp", hiden_units=(8,))
