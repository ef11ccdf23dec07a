"""Learning-rate schedules: the named ones a recipe picks, and the classes
behind them, registered serializable under the package `kzoo`.

Names load on first use (see `kzoo`): `list_schedules` imports no Keras.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submodules=["presets"],
    submod_attrs={
        "_registry": [
            "check_parameter_names",
            "create_schedule",
            "list_schedules",
            "register_schedule",
            "schedule_parameters",
        ],
        "reciprocal_decay": ["ReciprocalDecay"],
    },
)
