"""The model zoo: course-recipe builders, found by name.

Example:

```python
import kzoo

print(kzoo.models.list_models())
model = kzoo.models.create_model("mlp", hidden_units=(128,), dropout=0.2)
```
"""

# Importing each builder registers it.
from kzoo.models._registry import create_model as create_model
from kzoo.models._registry import list_models as list_models
from kzoo.models._registry import register_model as register_model
from kzoo.models.initialization import initializer_for as initializer_for
from kzoo.models.initialization import supported_activations as supported_activations
from kzoo.models.lenet5 import lenet5 as lenet5
from kzoo.models.linear import logistic_regression as logistic_regression
from kzoo.models.linear import softmax_regression as softmax_regression
from kzoo.models.mlp import mlp as mlp
from kzoo.models.mnist_cnn import mnist_cnn as mnist_cnn
from kzoo.models.mnist_cnn import mnist_speedrun_cnn as mnist_speedrun_cnn
from kzoo.models.recipe import Recipe as Recipe
from kzoo.models.recipe import compile_for_task as compile_for_task
from kzoo.models.simple_convnet import simple_convnet as simple_convnet
