"""The model zoo's registry: `register_model`, `create_model`, `list_models`."""

import inspect

from kzoo._internal.registry import Registry
from kzoo._internal.validation import did_you_mean

# The zoo's own builders, by the module that registers each: listing them and
# checking a recipe's model then import no Keras.
MODELS = Registry(
    "model",
    built_in={
        "lenet5": "kzoo.models.lenet",
        "logistic_regression": "kzoo.models.linear",
        "mlp": "kzoo.models.perceptron",
        "mnist_cnn": "kzoo.models.vgg_style",
        "mnist_cnn_narrow": "kzoo.models.vgg_style",
        "mnist_speedrun_cnn": "kzoo.models.speedrun",
        "simple_convnet": "kzoo.models.convnet",
        "softmax_regression": "kzoo.models.linear",
    },
)


def register_model(fn=None, *, name=None):
    """Registers a model builder under `name` (default: the function's name).

    A builder takes `input_shape` and `num_classes` and returns a
    `keras.Model`. Registering a name twice raises a ValueError.

    Example:

    ```python
    @kzoo.models.register_model
    def tiny_mlp(input_shape=(28, 28), num_classes=10, **kwargs):
        return kzoo.models.create_model(
            "mlp", input_shape=input_shape, num_classes=num_classes,
            hidden_units=(32,), **kwargs)
    ```
    """
    return MODELS.register(fn, name=name)


def list_models(pattern="*"):
    """Returns the sorted names of registered models matching `pattern`.

    Args:
        pattern: A shell-style pattern, e.g. `"*regression"`. Defaults to
            `"*"`.
    """
    return MODELS.names(pattern)


def create_model(name, **kwargs):
    """Builds the registered model `name` with builder arguments `kwargs`.

    Args:
        name: A name from `list_models()`.
        **kwargs: The builder's arguments, e.g. `input_shape`, `num_classes`,
            `hidden_units`, `dropout`, `l2`, `compile`.

    Returns:
        A `keras.Model`, compiled for its task unless `compile=False`.
    """
    builder = MODELS.get(name)
    check_kwargs(name, builder, kwargs)
    return builder(**kwargs)


def check_kwargs(name, builder, kwargs):
    """Raises a TypeError naming the closest match of an argument not taken."""
    # A typo such as `hiden_units` would otherwise be a bare TypeError with
    # no hint of the arguments the builder does take.
    parameters = inspect.signature(builder).parameters
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return
    for key in kwargs:
        if key not in parameters:
            hint = did_you_mean(key, parameters)
            raise TypeError(
                f"Model {name!r} takes no argument {key!r}.{hint} Its arguments "
                f"are: {', '.join(parameters)}."
            )


def model_arguments(name):
    """The names of the arguments that model `name`'s builder takes."""
    return list(inspect.signature(MODELS.get(name)).parameters)
