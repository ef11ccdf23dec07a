"""The zoo's registry: register, create and list models by name."""

import pytest

import kzoo


def test_a_user_model_is_created_by_name(restored_registry):
    @kzoo.models.register_model
    def tiny_mlp(input_shape=(28, 28), num_classes=10, **kwargs):
        return kzoo.create_model(
            "mlp", input_shape=input_shape, num_classes=num_classes, **kwargs
        )

    assert "tiny_mlp" in kzoo.list_models()
    model = kzoo.create_model("tiny_mlp", hidden_units=(4,), num_classes=3)
    assert model.outputs[0].shape[-1] == 3


def test_registering_a_zoo_name_twice_fails(restored_registry):
    with pytest.raises(ValueError, match="'mlp' is already registered"):
        kzoo.models.register_model(lambda **kwargs: None, name="mlp")


def test_unknown_model_names_the_closest():
    with pytest.raises(ValueError, match=r"name='minst_cnn'.*Did you mean 'mnist_cnn'"):
        kzoo.create_model("minst_cnn")


def test_patterns_filter_names():
    assert kzoo.list_models("*regression") == [
        "logistic_regression",
        "softmax_regression",
    ]
    assert kzoo.list_models("*cnn*") == [
        "mnist_cnn",
        "mnist_cnn_narrow",
        "mnist_speedrun_cnn",
    ]
    assert kzoo.list_models() == sorted(kzoo.list_models())
