"""assert_output_contract passes on the recipe and fails, explained, on broken heads."""

import keras
import pytest

import kzoo
from kzoo.testing import assert_output_contract


def head_model(units, activation, loss):
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(units, activation=activation)]
    )
    model.compile(optimizer="sgd", loss=loss)
    return model


def test_output_contract_passes_on_the_recipe():
    assert_output_contract(kzoo.create_model("mlp", num_classes=2), 2)
    assert_output_contract(kzoo.create_model("mlp", num_classes=7), 7)


def two_heads(first, last):
    """A model whose first output is `first`, and whose last layer is `last`."""
    inputs = keras.Input((4,))
    digits = first(inputs)
    aux = last(inputs)  # Created after the first head.
    model = keras.Model(inputs, [digits, aux])
    model.compile(optimizer="sgd", loss=["sparse_categorical_crossentropy", "mse"])
    return model


def test_output_contract_reads_the_layer_that_makes_the_output():
    softmax_layer = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(10), keras.layers.Softmax()]
    )
    softmax_layer.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    assert_output_contract(softmax_layer, 10)
    heads = two_heads(
        keras.layers.Dense(3, activation="softmax"), keras.layers.Dense(3)
    )
    assert_output_contract(heads, 3)
    swapped = two_heads(
        keras.layers.Dense(3), keras.layers.Dense(3, activation="softmax")
    )
    with pytest.raises(AssertionError, match="found 'linear'"):
        assert_output_contract(swapped, 3)


@pytest.mark.parametrize(
    ("model", "num_classes", "message"),
    [
        (head_model(2, "softmax", "binary_crossentropy"), 2, "1 output unit"),
        (head_model(10, "relu", "sparse_categorical_crossentropy"), 10, "'relu'"),
        (head_model(1, "sigmoid", "mse"), 2, "found 'mean_squared_error'"),
        (
            head_model(3, "softmax", keras.losses.CategoricalCrossentropy(True)),
            3,
            "from_logits=True",
        ),
    ],
)
def test_output_contract_fails_on_broken_models(model, num_classes, message):
    with pytest.raises(AssertionError, match=message):
        assert_output_contract(model, num_classes)
