"""The zoo's builders: one set of shared arguments, documented once."""

import importlib
import inspect
import re

import keras
import numpy as np
import pytest

import kzoo
from kzoo.data import Augmentation
from kzoo.models._builder import SHARED_ARGS, zoo_model
from kzoo.testing import assert_output_contract

MODELS = kzoo.list_models()
# Shared arguments that shape hidden layers; a linear model has none.
HIDDEN = {"activation", "dropout", "batch_norm", "kernel_initializer"}


def builder(name):
    return kzoo.models._registry.MODELS.get(name)


def parameters(name):
    return inspect.signature(builder(name)).parameters


def documented(fn):
    """`{argument: its Args entry}` from a Google-style docstring."""
    args = fn.__doc__.split("\nArgs:\n")[1].split("\n\n")[0]
    entries = re.findall(r"^    (\w+): (.*?)(?=^    \w+: |\Z)", args, re.M | re.S)
    return {key: " ".join(text.split()) for key, text in entries}


@pytest.mark.parametrize("name", MODELS)
def test_docstring_states_each_argument_and_its_real_default(name):
    docs = documented(builder(name))
    assert list(docs) == list(parameters(name))
    for key, parameter in parameters(name).items():
        shown = repr(parameter.default).replace("'", '"')
        assert docs[key].endswith(f"Defaults to `{shown}`."), (key, docs[key])


@pytest.mark.parametrize(
    ("name", "defaults"),
    [
        ("logistic_regression", {"num_classes": 2}),
        ("softmax_regression", {"num_classes": 10}),
        ("mlp", {"hidden_units": (256, 128), "dropout": 0.0}),
        ("simple_convnet", {"dropout": 0.5, "kernel_initializer": "glorot_uniform"}),
        ("mnist_cnn", {"dropout": 0.25, "batch_norm": True, "convs_per_stage": 2}),
        (
            "mnist_cnn_narrow",
            {"filters": (12, 24, 48), "batch_norm": (False, True, True)},
        ),
        ("mnist_speedrun_cnn", {"kernel_sizes": (5, 3), "dense_units": 128}),
    ],
)
def test_per_model_defaults(name, defaults):
    found = {key: parameters(name)[key].default for key in defaults}
    assert found == defaults


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("logistic_regression", HIDDEN | {"augment"}),
        ("softmax_regression", HIDDEN | {"augment"}),
        ("mlp", set()),
        ("lenet5", set()),
    ],
)
def test_builders_take_only_the_shared_arguments_they_use(name, missing):
    taken = list(parameters(name))
    assert set(SHARED_ARGS) - set(taken) == missing
    assert taken[:2] == ["input_shape", "num_classes"]


@pytest.mark.parametrize("name", MODELS)
def test_numpy_integer_num_classes_is_accepted(name):
    # What `y.max() + 1` gives; it was refused, saying an integer was wanted.
    model = kzoo.create_model(name, num_classes=np.int64(10))
    assert_output_contract(model, num_classes=10)
    assert model.get_layer("predictions").units == 10


def test_numpy_integer_two_classes_is_binary():
    model = kzoo.models.mlp(num_classes=np.int32(2), hidden_units=(4,))
    assert_output_contract(model, num_classes=2)


@pytest.mark.parametrize("name", MODELS)
def test_builders_do_not_shadow_their_modules(name):
    module = importlib.import_module(builder(name).__module__)
    assert module.__name__.rsplit(".", 1)[1] != name
    assert getattr(module, name) is builder(name) is getattr(kzoo.models, name)


def test_a_direct_call_names_the_closest_argument():
    with pytest.raises(TypeError, match="Did you mean 'hidden_units'"):
        kzoo.models.mlp(hiden_units=(8,))
    with pytest.raises(TypeError, match="mlp"):
        kzoo.models.mlp((28, 28), 10, (8,))


def test_the_narrow_variant_is_mnist_cnn_with_its_arguments():
    variant = kzoo.create_model("mnist_cnn_narrow", compile=False)
    arguments = {
        key: parameters("mnist_cnn_narrow")[key].default
        for key in ("filters", "convs_per_stage", "batch_norm", "dropout")
    }
    base = kzoo.create_model("mnist_cnn", compile=False, **arguments)
    assert variant.name == "mnist_cnn_narrow"
    assert variant.count_params() == base.count_params()
    assert [type(layer) for layer in variant.layers] == [
        type(layer) for layer in base.layers
    ]
    # Given arguments still override the variant's.
    wider = kzoo.create_model("mnist_cnn_narrow", filters=(16, 32, 64))
    assert wider.count_params() > variant.count_params()


def test_zoo_model_makes_a_registered_builder(restored_registry):
    @zoo_model(without=("augment",), dropout=0.1)
    def tiny(blocks, *, width=3):
        """One hidden layer.

        Args:
            width: Units of the hidden layer.
        """
        inputs, x = blocks.flat_inputs()
        return inputs, blocks.dense(x, width, name="hidden")

    assert kzoo.create_model("tiny", compile=False).name == "tiny"
    signature = inspect.signature(tiny)
    assert list(signature.parameters)[:3] == ["input_shape", "num_classes", "width"]
    assert signature.parameters["dropout"].default == 0.1
    assert "augment" not in signature.parameters
    assert documented(tiny)["width"] == "Units of the hidden layer. Defaults to `3`."
    model = kzoo.create_model("tiny", input_shape=(5,), num_classes=4, width=2)
    assert model.get_layer("hidden").units == 2
    assert model.count_params() == (5 * 2 + 2) + (2 * 4 + 4)
    assert model.compiled


def architecture_documenting(args):
    def fn(blocks, *, width=3):
        return blocks.flat_inputs()

    fn.__doc__ = f"Summary.\n\nArgs:\n{args}"
    return fn


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ("", r"document \['width'\]"),
        ("    width: Units. Defaults to `3`.\n", "states its default"),
        ("    width: Units.\n    depth: Layers.\n", r"documents \['depth'\]"),
    ],
)
def test_zoo_model_refuses_a_docstring_that_disagrees(restored_registry, args, error):
    with pytest.raises((TypeError, ValueError), match=error):
        zoo_model(architecture_documenting(args))
    assert "fn" not in kzoo.list_models()


def test_blocks_carry_the_model_inputs():
    spec = Augmentation(rotation=5, placement="model")
    blocks = kzoo.models.Blocks(input_shape=(8, 8), augment=spec)
    inputs, x = blocks.image_inputs(min_size=4)
    model = keras.Model(inputs, blocks.head(keras.layers.Flatten()(x), 3))
    assert model.inputs[0].shape[1:] == (8, 8)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert "RandomAugmentation" in kinds


def test_recipe_is_a_deprecated_name_for_blocks():
    with pytest.warns(DeprecationWarning, match=r"kzoo\.models\.Blocks"):
        recipe_class = kzoo.models.Recipe
    assert issubclass(recipe_class, kzoo.models.Blocks)
    # The old way still builds and compiles a model.
    recipe = recipe_class("relu", 0.0, 0.1)
    inputs, x = recipe.flat_inputs((4,))
    outputs = recipe.head(recipe.dense(x, 3), 2)
    model = recipe.build(inputs, outputs, "old_style", 2)
    assert model.compiled
    assert_output_contract(model, num_classes=2)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match=r"kzoo.models.* resnet"):
        kzoo.models.resnet  # noqa: B018


def test_an_mlp_augments_its_images_before_flattening_them():
    spec = Augmentation(rotation=10, placement="model")
    model = kzoo.create_model("mlp", hidden_units=(8,), augment=spec)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds[1:3] == ["RandomAugmentation", "Flatten"]
    with pytest.raises(ValueError, match=r"`augment` needs image inputs.*\(6,\)"):
        kzoo.create_model("mlp", input_shape=(6,), augment=spec)
