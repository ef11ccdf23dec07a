"""Training runs by the course's loop: recipes in, run directories out.

`Recipe` holds a run's settings; `run(recipe, argv)` trains it into a run
directory; `main` does the same for a command line, with one-line errors.
Names load on first use (see `kzoo`): a recipe is made, listed and shown by
`kzoo train NAME --help` without Keras. `fit_on_device` trains a compiled
model with each epoch one call on the device (JAX).
"""

import lazy_loader

_getattr, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "command": ["main"],
        "device_loop": ["fit_on_device"],
        "loop": ["TrainingDiverged", "run"],
        "options": ["OneLineParser", "RunOptions"],
        "recipe": ["Recipe", "get_recipe", "list_recipes", "register_recipe"],
        "run_directory": ["RunDirectory", "RunMismatch"],
    },
)
__all__ += ["MNIST_HUMAN_ERROR"]


def __getattr__(name):
    if name == "MNIST_HUMAN_ERROR":  # kzoo.data's, the recipes' default
        from kzoo.data.mnist import MNIST_HUMAN_ERROR

        return MNIST_HUMAN_ERROR
    return _getattr(name)
