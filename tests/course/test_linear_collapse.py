import numpy as np
import pytest

from tests.course.conftest import SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_a_deep_linear_network_is_one_linear_layer(course_finding, seed):
    values = course_finding("01_linear_collapse", seed)["values"]
    # The product of the kernels gives the same logits, to float32 rounding.
    assert values["max_logit_difference"] <= 1e-4 * values["max_logit"]
    # No better than softmax regression (a point's margin); ReLU, the same
    # shape, is not held to a linear map.
    assert values["linear_accuracy"] <= values["softmax_accuracy"] + 0.01
    assert values["relu_accuracy"] > values["linear_accuracy"]


def test_linear_layers_multiply_out_independently_of_the_experiment():
    import keras

    import kzoo.models

    keras.utils.set_random_seed(0)
    model = kzoo.models.mlp(
        input_shape=(5,),
        hidden_units=(4, 3),
        num_classes=3,
        activation="linear",
        compile=False,
    )
    for variable in model.trainable_variables:  # Non-zero biases too.
        variable.assign(np.random.default_rng(1).normal(size=variable.shape))
    x = np.random.default_rng(2).normal(size=(8, 5)).astype("float32")
    (w1, b1), (w2, b2), (w3, b3) = (
        (keras.ops.convert_to_numpy(v.value) for v in (layer.kernel, layer.bias))
        for layer in model.layers
        if isinstance(layer, keras.layers.Dense)
    )
    logits = x @ (w1 @ w2 @ w3) + ((b1 @ w2 + b2) @ w3 + b3)
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, atol=1e-5)
