"""`ZooHyperModel`: a zoo model as a KerasTuner `HyperModel`, for your own
KerasTuner code, searched on the course's scales (`kzoo.tuning.space`)."""

import keras_tuner

from kzoo import optimizers
from kzoo.models import create_model
from kzoo.training.recipe import Recipe
from kzoo.tuning.space import SearchSpace


class ZooHyperModel(keras_tuner.HyperModel):
    """Builds the zoo model `model` with the hyperparameters of a trial.

    The space is `SearchSpace.for_recipe` of a recipe of `model` and
    `optimizer`: the learning rate, the optimizer's betas, the batch size
    (passed to `fit`), and what the model takes of hidden layers, units, L2
    and dropout.

    Args:
        model: A zoo model name (`kzoo.list_models()`).
        optimizer: An optimizer preset, whose betas are searched. Defaults to
            `"adam"`.
        input_shape: The model's input shape. Defaults to `(28, 28)`.
        num_classes: Classes; 2 gives one sigmoid unit. Defaults to `10`.
        **changes: Narrow, widen, fix or leave out a hyperparameter, as
            `SearchSpace.for_recipe` takes them, e.g. `dropout=0.2`.

    Example:

    ```python
    tuner = keras_tuner.RandomSearch(
        kzoo.tuning.ZooHyperModel("mlp", learning_rate=(1e-3, 1e-2)),
        objective="val_accuracy", max_trials=10, directory="runs/search")
    tuner.search(x_train, y_train, epochs=3, validation_data=(x_dev, y_dev))
    ```
    """

    def __init__(
        self, model, optimizer="adam", input_shape=(28, 28), num_classes=10, **changes
    ):
        super().__init__(name=model)
        recipe = Recipe(name=model, model=model, optimizer=optimizer)
        self.space = SearchSpace.for_recipe(recipe, **changes)
        self.builder_args = {"input_shape": input_shape, "num_classes": num_classes}

    def build(self, hp):
        recipe = self.space.recipe_for(self.space.declare(hp))
        rate, settings = recipe.learning_rate, recipe.optimizer_args
        optimizer = optimizers.get(recipe.optimizer, learning_rate=rate, **settings)
        return create_model(
            recipe.model, **recipe.model_args, optimizer=optimizer, **self.builder_args
        )

    def fit(self, hp, model, *args, **kwargs):
        if "batch_size" in self.space.ranges:
            kwargs.setdefault("batch_size", hp.get("batch_size"))
        return model.fit(*args, **kwargs)
