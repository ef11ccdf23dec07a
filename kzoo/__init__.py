"""kzoo: a Keras 3 model zoo and callbacks, built by a classic course's recipe.

Example:

```python
import kzoo

model = kzoo.models.create_model("mnist_cnn")
```

The subpackages and names below load on first use (SPEC 1 lazy loading, by
`lazy_loader`): importing Keras starts TensorFlow, which takes seconds, and
`kzoo --help`, `kzoo list` or `kzoo train NAME --help` need none of it. Keras
finds kzoo's layers and schedules in a `.keras` file once they are loaded:
`kzoo.load_model` loads them first.
"""

import lazy_loader

from kzoo.version import __version__ as __version__

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=[
        "callbacks",
        "data",
        "diagnosis",
        "distribution",
        "layers",
        "models",
        "optimizers",
        "plots",
        "saving",
        "schedules",
        "testing",
        "training",
        "tuning",
    ],
    submod_attrs={
        "models._registry": ["create_model", "list_models"],
        "saving": ["load_model"],
    },
)
__all__ += ["__version__"]
