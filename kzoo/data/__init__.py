"""Data: MNIST loading, course splits, tf.data pipelines and augmentation.

TensorFlow is imported only when a pipeline is built, so `kzoo.data` imports
on a JAX machine without TensorFlow.
"""

from kzoo.augmentation.spec import Augmentation as Augmentation
from kzoo.data.idx import IDXError as IDXError
from kzoo.data.idx import read_idx as read_idx
from kzoo.data.mnist import MNIST_HUMAN_ERROR as MNIST_HUMAN_ERROR
from kzoo.data.mnist import load_mnist as load_mnist
from kzoo.data.pipeline import make_pipeline as make_pipeline
from kzoo.data.splits import Splits as Splits
from kzoo.data.splits import course_ratios as course_ratios
from kzoo.data.splits import train_dev_test_split as train_dev_test_split
from kzoo.layers.normalization import normalization_layer as normalization_layer
