"""The model zoo: builders of the course's networks, found by name.

Example:

```python
import kzoo

print(kzoo.models.list_models())
model = kzoo.models.create_model("mlp", hidden_units=(128,), dropout=0.2)
```

Names load on first use (see `kzoo`): `list_models` imports no Keras.
"""

import lazy_loader

_getattr, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "_builder": ["compile_for_task"],
        "_registry": [
            "create_model",
            "list_models",
            "model_arguments",
            "register_model",
        ],
        "blocks": ["Blocks"],
        "convnet": ["simple_convnet"],
        "initialization": ["initializer_for", "supported_activations"],
        "lenet": ["lenet5"],
        "linear": ["logistic_regression", "softmax_regression"],
        "perceptron": ["mlp"],
        "speedrun": ["mnist_speedrun_cnn"],
        "vgg_style": ["mnist_cnn", "mnist_cnn_narrow"],
    },
)


def __getattr__(name):
    if name == "Recipe":  # Deprecated; it keeps working, with a warning.
        from kzoo.models._deprecated import deprecated

        return deprecated(__name__, name)
    return _getattr(name)
