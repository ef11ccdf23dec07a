"""kzoo: a Keras 3 model zoo and callbacks, built by a classic course's recipe.

Example:

```python
import kzoo

model = kzoo.models.create_model("mnist_cnn")
```
"""

from kzoo import callbacks as callbacks
from kzoo import data as data
from kzoo import diagnosis as diagnosis
from kzoo import layers as layers
from kzoo import models as models
from kzoo import optimizers as optimizers
from kzoo import schedules as schedules
from kzoo.models._registry import create_model as create_model
from kzoo.models._registry import list_models as list_models
from kzoo.saving import load_model as load_model
from kzoo.version import __version__ as __version__
