"""kzoo's Keras layers, registered serializable under the package `kzoo`."""

from kzoo.layers.random_augmentation import RandomAugmentation as RandomAugmentation
