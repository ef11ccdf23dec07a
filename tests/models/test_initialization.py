"""Initialisation follows the activation, and He keeps a deep ReLU net's signal."""

import keras
import numpy as np
import pytest

import kzoo
from kzoo.models import initialization

WIDTH, DEPTH = 2048, 20


def activation_power(activation="relu", kernel_initializer=None):
    """Mean square of each hidden layer's activations over the input's.

    He et al. (2015) derive their initialisation by keeping E[x_l^2], the
    second moment of each layer's activations, equal from layer to layer; it
    is the "variance" their argument preserves. At width 2048 the
    finite-width fluctuation over 20 layers is about +-25% (Hanin, 2018), so
    a factor of 2 tests the rule, not the luck of the draw.
    """
    model = kzoo.create_model(
        "mlp",
        input_shape=(WIDTH,),
        hidden_units=(WIDTH,) * DEPTH,
        activation=activation,
        kernel_initializer=kernel_initializer,
        compile=False,
    )
    activations = [
        layer.output
        for layer in model.layers
        if isinstance(layer, keras.layers.Activation)
    ]
    probe = keras.Model(model.inputs, activations)
    x = np.random.default_rng(0).standard_normal((256, WIDTH)).astype("float32")
    outputs = probe.predict(x, verbose=0)
    return np.array([np.mean(np.square(a)) for a in outputs]) / np.mean(x**2)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_he_initialisation_keeps_the_signal_through_20_layers(activation):
    power = activation_power(activation)
    assert len(power) == DEPTH
    assert np.all((power > 0.5) & (power < 2.0)), power


@pytest.mark.parametrize(
    ("kernel_initializer", "collapses"),
    [
        # Xavier's 1/fan_in halves a ReLU layer's signal: 0.5 ** 20 ~ 1e-6.
        ("glorot_uniform", True),
        (keras.initializers.RandomNormal(stddev=0.01), True),
        (keras.initializers.RandomNormal(stddev=0.1), False),
    ],
)
def test_wrong_initialisation_collapses_or_explodes(kernel_initializer, collapses):
    power = activation_power("relu", kernel_initializer)
    if collapses:
        assert power[-1] < 1e-4, power
    else:
        assert power[-1] > 1e4, power
    # The damage compounds layer after layer.
    assert np.all(np.diff(np.log(power)) < 0) == collapses


def kernel_initializers(model):
    layers = [
        layer
        for layer in model.layers
        if isinstance(layer, (keras.layers.Dense, keras.layers.Conv2D))
        and layer.name != "predictions"
    ]
    assert layers, f"{model.name} has no hidden Dense or Conv2D layer"
    return [layer.kernel_initializer for layer in layers]


def scale_and_mode(initializer):
    # HeNormal and friends are VarianceScaling with fixed scale and mode.
    assert isinstance(initializer, keras.initializers.VarianceScaling)
    return initializer.scale, initializer.mode


@pytest.mark.parametrize(
    ("activation", "scale", "mode"),
    [
        ("relu", 2.0, "fan_in"),
        ("gelu", 2.0, "fan_in"),
        ("leaky_relu", 2.0 / (1.0 + 0.2**2), "fan_in"),
        ("selu", 1.0, "fan_in"),
        ("tanh", 1.0, "fan_avg"),
        ("sigmoid", 1.0, "fan_avg"),
        ("linear", 1.0, "fan_avg"),
    ],
)
def test_initializer_follows_the_activation(activation, scale, mode):
    found_scale, found_mode = scale_and_mode(initialization.initializer_for(activation))
    assert found_scale == pytest.approx(scale)
    assert found_mode == mode


@pytest.mark.parametrize("name", ["mlp", "lenet5", "mnist_cnn"])
@pytest.mark.parametrize(
    ("activation", "expected"),
    [("relu", keras.initializers.HeNormal), ("tanh", keras.initializers.GlorotUniform)],
)
def test_builders_apply_the_rule(name, activation, expected):
    model = kzoo.create_model(name, activation=activation, compile=False)
    for initializer in kernel_initializers(model):
        assert type(initializer) is expected


def test_simple_convnet_keeps_the_published_initializer_unless_asked():
    published = kzoo.create_model("simple_convnet", compile=False)
    for initializer in kernel_initializers(published):
        assert type(initializer) is keras.initializers.GlorotUniform
    course_rule = kzoo.create_model("simple_convnet", kernel_initializer=None)
    for initializer in kernel_initializers(course_rule):
        assert type(initializer) is keras.initializers.HeNormal


def test_override_reaches_every_hidden_layer_as_a_fresh_instance():
    model = kzoo.create_model(
        "mlp", hidden_units=(8, 8), kernel_initializer="orthogonal", compile=False
    )
    initializers = kernel_initializers(model)
    assert all(type(i) is keras.initializers.Orthogonal for i in initializers)
    assert initializers[0] is not initializers[1]


def test_override_allows_activations_without_a_rule():
    model = kzoo.create_model(
        "mlp", activation="exponential", kernel_initializer="lecun_normal"
    )
    hidden = model.get_layer("hidden_0")
    assert type(hidden.kernel_initializer) is keras.initializers.LecunNormal
    activations = [
        layer.activation
        for layer in model.layers
        if isinstance(layer, keras.layers.Activation)
    ]
    assert activations == [keras.activations.exponential] * 2


def test_unknown_activation_lists_the_supported_ones():
    with pytest.raises(ValueError, match=r"relu.*Received: activation='exponential'"):
        initialization.initializer_for("exponential")
