"""Data: MNIST loading, course splits, tf.data pipelines and augmentation.

TensorFlow is imported only when a pipeline is built, so `kzoo.data` imports
on a JAX machine without TensorFlow. Names load on first use (see `kzoo`).
"""

import lazy_loader

from kzoo.augmentation.spec import Augmentation as Augmentation

_getattr, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "idx": ["IDXError", "read_idx"],
        "mnist": ["MNIST_HUMAN_ERROR", "load_mnist"],
        "pipeline": ["make_pipeline"],
        "splits": ["Splits", "course_ratios", "train_dev_test_split"],
    },
)
__all__ += ["Augmentation", "normalization_layer"]


def __getattr__(name):
    if name == "normalization_layer":  # kzoo.layers', kept here for data users
        from kzoo.layers.normalization import normalization_layer

        return normalization_layer
    return _getattr(name)
