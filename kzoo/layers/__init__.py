"""kzoo's Keras layers, registered serializable under the package `kzoo`."""

from kzoo.layers.normalization import feature_statistics as feature_statistics
from kzoo.layers.normalization import normalization_layer as normalization_layer
from kzoo.layers.random_augmentation import RandomAugmentation as RandomAugmentation
