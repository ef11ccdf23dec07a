"""The model of a recipe run: the registered model, its optimizer and schedule,
and the augmentation in it."""

from kzoo import optimizers
from kzoo._internal.validation import invalid
from kzoo.models import create_model
from kzoo.schedules import create_schedule
from kzoo.training.settings import to_json


def build_model(recipe, normalize, steps_per_epoch, spec=None):
    """Builds and compiles `recipe`'s model.

    Args:
        recipe: A `Recipe`.
        normalize: The training images, whose statistics the model keeps.
        steps_per_epoch: Optimiser steps an epoch, for the schedule.
        spec: The `Augmentation` to apply, or `None`. One with
            `placement="model"` (as the recipe asks, or moved there for want
            of tf.data: see `kzoo.training.feed`) goes to the builder.
            Defaults to `None`.

    Returns:
        A compiled `keras.Model`.
    """
    arguments = {
        **recipe.model_args,
        "normalize": normalize,
        "optimizer": build_optimizer(recipe, steps_per_epoch),
    }
    if spec is not None and spec.placement == "model":
        arguments["augment"] = spec
    try:
        model = create_model(recipe.model, **arguments)
    except TypeError as error:  # An argument the builder does not take.
        raise invalid(
            "model_args",
            to_json(recipe.model_args),
            f"does not suit model={recipe.model!r}: {error}",
        ) from error
    return model


def build_schedule(recipe, steps_per_epoch):
    """`recipe`'s learning rate: a float or a `LearningRateSchedule`.

    A value the schedule refuses raises a ValueError naming `schedule_args`
    (a `Recipe` checks only their names, see `kzoo.training.recipe`).
    """
    try:
        return create_schedule(
            recipe.schedule,
            learning_rate=recipe.learning_rate,
            steps_per_epoch=steps_per_epoch,
            epochs=recipe.epochs,
            **recipe.schedule_args,
        )
    except (TypeError, ValueError) as error:
        raise invalid(
            "schedule_args",
            to_json(recipe.schedule_args),
            f"does not suit schedule={recipe.schedule!r}: {error}",
        ) from None


def build_optimizer(recipe, steps_per_epoch):
    """`recipe`'s optimizer with its settings and its learning-rate schedule.

    A setting the optimizer does not take, or a value it refuses, raises a
    ValueError naming `optimizer_args`.
    """
    learning_rate = build_schedule(recipe, steps_per_epoch)
    try:
        return optimizers.get(
            recipe.optimizer, learning_rate=learning_rate, **recipe.optimizer_args
        )
    except (TypeError, ValueError) as error:
        raise invalid(
            "optimizer_args",
            to_json(recipe.optimizer_args),
            f"does not suit optimizer={recipe.optimizer!r}: {error}",
        ) from None
