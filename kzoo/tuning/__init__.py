"""Choosing hyperparameters, the course's last step: the learning-rate range
test, and search spaces on the course's scales for KerasTuner. Names load on
first use (see `kzoo`)."""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "hypermodel": ["ZooHyperModel"],
        "lr_finder": ["LearningRateSweep", "find_learning_rate"],
        "space": ["COURSE", "Range", "SearchSpace"],
    },
)
