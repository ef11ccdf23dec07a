"""Data-parallel training over several devices and processes, on the engines
that Keras and its backends ship: `keras.distribution.DataParallel` on JAX,
`tf.distribute.MirroredStrategy` on TensorFlow, and `jax.distributed` for
more than one process. kzoo adds no communication of its own; it adds the
checks and the bookkeeping a run needs around them (a global batch the
replicas can share, evaluation sets of any size, one writer, no endless wait).

Example:

```python
import kzoo

with kzoo.distribution.data_parallel() as replicas:
    model = kzoo.models.create_model("mnist_cnn")
    model.fit(x, y, batch_size=kzoo.distribution.check_batch_size(256))
```
"""

from kzoo.distribution.batches import check_batch_size as check_batch_size
from kzoo.distribution.batches import evaluate as evaluate
from kzoo.distribution.batches import local_share as local_share
from kzoo.distribution.batches import predict as predict
from kzoo.distribution.data_parallel import ONE_DEVICE as ONE_DEVICE
from kzoo.distribution.data_parallel import data_parallel as data_parallel
from kzoo.distribution.data_parallel import engine as engine
from kzoo.distribution.data_parallel import replicas as replicas
from kzoo.distribution.processes import JoinFailed as JoinFailed
from kzoo.distribution.processes import abandon as abandon
from kzoo.distribution.processes import barrier as barrier
from kzoo.distribution.processes import initialize as initialize
from kzoo.distribution.processes import is_chief as is_chief
from kzoo.distribution.processes import process_count as process_count
from kzoo.distribution.processes import process_index as process_index
