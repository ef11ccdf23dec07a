"""Optimizer presets with the course's defaults; each is a real Keras optimizer.

Names load on first use (see `kzoo`): `list_optimizers` imports no Keras.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "_registry": ["list_optimizers"],
        "learning_rate": ["current_learning_rate"],
        "presets": ["adam", "get", "momentum", "rmsprop", "sgd"],
    },
)
