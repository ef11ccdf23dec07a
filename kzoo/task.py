"""The task rule: what a binary or a multiclass classifier needs, in one place.

The course gives two classes one sigmoid unit and binary cross-entropy, and
C > 2 classes a C-way softmax and (sparse) categorical cross-entropy, both on
probabilities. The model builders, the compile step, the output-contract
check and the bias/variance callback all ask this module, so that the rule,
and the decoding of predictions into class ids, is written once.
"""

import dataclasses
import numbers

import keras
import numpy as np

from kzoo._internal.validation import check_class_ids, invalid


@dataclasses.dataclass(frozen=True)
class Task:
    """A classification task with `num_classes` classes (2 is binary).

    Args:
        num_classes: An integer >= 2; NumPy integers (what `y.max() + 1`
            gives) are accepted.
    """

    num_classes: int

    def __post_init__(self):
        object.__setattr__(self, "num_classes", check_num_classes(self.num_classes))

    @classmethod
    def of_model(cls, model):
        """The task a model's output implies: 1 unit is binary, C units C-way."""
        units = model.outputs[0].shape[-1]
        return cls(2 if units == 1 else units)

    @property
    def binary(self):
        return self.num_classes == 2

    @property
    def units(self):
        """Output units: 1 sigmoid unit, or one softmax unit per class."""
        return 1 if self.binary else self.num_classes

    @property
    def activation(self):
        return "sigmoid" if self.binary else "softmax"

    @property
    def loss_names(self):
        """The names of the losses that suit the task's output."""
        if self.binary:
            return ("binary_crossentropy",)
        return ("sparse_categorical_crossentropy", "categorical_crossentropy")

    def loss(self):
        """A fresh Keras loss on probabilities (`from_logits=False`)."""
        if self.binary:
            return keras.losses.BinaryCrossentropy()
        return keras.losses.SparseCategoricalCrossentropy()

    def accuracy(self):
        """A fresh accuracy metric named `accuracy`, whatever the task."""
        if self.binary:
            return keras.metrics.BinaryAccuracy(name="accuracy")
        return keras.metrics.SparseCategoricalAccuracy(name="accuracy")

    def decode(self, probabilities):
        """Class ids from the model's outputs: p > 0.5, or the argmax."""
        probabilities = np.asarray(probabilities)
        if self.binary:
            return (probabilities.reshape(len(probabilities)) > 0.5).astype(int)
        return probabilities.argmax(axis=-1)

    def check_labels(self, name, y):
        """Checks that `y` holds class ids of this task; returns it."""
        check_class_ids(name, np.asarray(y), self.num_classes)
        return y


def check_num_classes(num_classes):
    """Checks `num_classes` >= 2 (two classes are a binary task)."""
    if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral):
        raise invalid("num_classes", num_classes, "must be an integer >= 2")
    if num_classes < 2:
        raise invalid(
            "num_classes",
            num_classes,
            "must be >= 2 (use 2 for a binary task with one sigmoid output)",
        )
    return int(num_classes)
