"""The model zoo: builders of the course's networks, found by name.

Example:

```python
import kzoo

print(kzoo.models.list_models())
model = kzoo.models.create_model("mlp", hidden_units=(128,), dropout=0.2)
```
"""

# Importing each builder registers it.
from kzoo.models import _deprecated
from kzoo.models._builder import compile_for_task as compile_for_task
from kzoo.models._registry import create_model as create_model
from kzoo.models._registry import list_models as list_models
from kzoo.models._registry import register_model as register_model
from kzoo.models.blocks import Blocks as Blocks
from kzoo.models.convnet import simple_convnet as simple_convnet
from kzoo.models.initialization import initializer_for as initializer_for
from kzoo.models.initialization import supported_activations as supported_activations
from kzoo.models.lenet import lenet5 as lenet5
from kzoo.models.linear import logistic_regression as logistic_regression
from kzoo.models.linear import softmax_regression as softmax_regression
from kzoo.models.perceptron import mlp as mlp
from kzoo.models.vgg_style import mnist_cnn as mnist_cnn
from kzoo.models.vgg_style import mnist_speedrun_cnn as mnist_speedrun_cnn


def __getattr__(name):
    # Deprecated names (`Recipe`) keep working, with a warning.
    return _deprecated.deprecated(__name__, name)
