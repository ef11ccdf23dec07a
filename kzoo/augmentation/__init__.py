"""Augmentation: one spec of random image transforms and their arithmetic.

The spec (`Augmentation`) says what to do and where (`placement`); the warp
(`_warp`) does it, written once over a NumPy-like namespace so that the tf.data
pipeline (`kzoo.data`) and the in-model layer (`kzoo.layers`) share it.
"""

from kzoo.augmentation.spec import PLACEMENTS as PLACEMENTS
from kzoo.augmentation.spec import Augmentation as Augmentation
from kzoo.augmentation.spec import resolve as resolve
