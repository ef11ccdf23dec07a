"""`Recipe`: every setting of a training run, typed, checked and named.

A recipe is data: one frozen `Recipe` per file in `recipes/`, registered by
name. The command-line options of `kzoo train NAME` are made from its fields
(each field's metadata holds its help, its check and its parser, see
`kzoo.training.options`), a run directory's `config.json` is its `to_json()`,
and `Recipe.from_json` reads it back to check that a rerun is the same run.
Variants are `dataclasses.replace(recipe, epochs=3)`.
"""

import dataclasses
import difflib
from collections.abc import Mapping

from kzoo._internal.registry import Registry
from kzoo._internal.validation import (
    check_fraction,
    check_non_negative_int,
    check_positive,
    check_positive_int,
    invalid,
)
from kzoo.augmentation import Augmentation, resolve
from kzoo.data import MNIST_HUMAN_ERROR
from kzoo.schedules import check_parameter_names
from kzoo.training import settings

RECIPES = Registry("recipe")


def _setting(default=dataclasses.MISSING, *, check, help, parse=None, **extra):
    """A field with its check, and its help and parser for the command line.

    `parse=None`: no option; `parse=bool`: an on/off flag; `nargs="+"`: the
    option takes several words, which `parse` reads together.
    """
    metadata = {"check": check, "help": help, "parse": parse, **extra}
    if isinstance(default, Mapping):
        frozen = settings.check_settings("default", default)
        return dataclasses.field(default_factory=lambda: frozen, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Recipe:
    """A training run's settings, each checked when the recipe is made.

    Fields are keyword-only; `name` and `model` have no default. Each
    field's help (the `help` of its metadata, shown by `kzoo train NAME
    --help`) says what it sets. A setting that fails its check raises a
    ValueError naming it and its value.

    Example:

    ```python
    recipe = Recipe(name="tiny_mlp", model="mlp",
                    model_args={"hidden_units": (64,)}, epochs=3)
    dataclasses.replace(recipe, batch_size=64)
    ```
    """

    # === What is trained ===
    name: str = _setting(check=settings.check_name, help="the recipe's name")
    description: str = _setting("", check=settings.check_text, help="one line on it")
    model: str = _setting(
        check=settings.check_model, parse=str, help="a registered model (kzoo list)"
    )
    model_args: Mapping = _setting(
        {},
        check=settings.check_settings,
        parse=settings.parse_settings,
        nargs="+",
        help="the model builder's arguments, as KEY=VALUE ... (values in JSON) "
        "or one JSON object; merged into the recipe's",
    )

    # === How ===
    optimizer: str = _setting(
        "adam",
        check=settings.check_optimizer,
        parse=str,
        help="an optimizer preset (kzoo list) or another name Keras knows",
    )
    optimizer_args: Mapping = _setting(
        {},
        check=settings.check_settings,
        parse=settings.parse_settings,
        nargs="+",
        help="the optimizer's other settings, e.g. beta_1=0.95 (adam) or "
        "beta=0.99 (momentum); merged into the recipe's when the optimizer is "
        "the recipe's",
    )
    learning_rate: float = _setting(
        0.001,
        check=check_positive,
        parse=settings.parse_float,
        help="the learning rate alpha_0: the peak of the schedule",
    )
    schedule: str = _setting(
        "constant",
        check=settings.check_schedule,
        parse=str,
        help="the learning-rate schedule's name (kzoo list; see kzoo.schedules)",
    )
    schedule_args: Mapping = _setting(
        {},
        check=settings.check_settings,
        parse=settings.parse_settings,
        nargs="+",
        help="the schedule's parameters, e.g. decay_epochs=5 (reciprocal) or "
        "warmup=0.2 (cosine); merged into the recipe's when the schedule is "
        "the recipe's",
    )
    batch_size: int = _setting(
        128, check=check_positive_int, parse=settings.parse_int, help="mini-batch size"
    )
    epochs: int = _setting(
        10,
        check=check_positive_int,
        parse=settings.parse_int,
        help="passes over the data",
    )

    # === On which data ===
    dev_share: float = _setting(
        0.05,
        check=settings.check_share,
        parse=settings.parse_float,
        help="share of the training images held out as the dev set",
    )
    train_dev_share: float = _setting(
        0.01,
        check=check_fraction,
        parse=settings.parse_float,
        help="share of the rest held out as the train-dev set (0: none)",
    )
    augment: Augmentation | None = _setting(  # noqa: RUF009 (a field, as the rest)
        None,
        check=lambda name, value: resolve(value),
        parse=settings.parse_augment,
        nargs="+",
        help="random transforms: kzoo.data.Augmentation fields as KEY=VALUE ... "
        "(merged into the recipe's), or none",
    )
    human_error: float = _setting(
        MNIST_HUMAN_ERROR,
        check=check_fraction,
        parse=settings.parse_float,
        help="human error, standing in for Bayes error in the bias/variance report",
    )
    seed: int = _setting(
        0,
        check=check_non_negative_int,
        parse=settings.parse_int,
        help="seed of the splits, the initial weights, the shuffles and the "
        "augmentation",
    )
    subset: int | None = _setting(
        None,
        check=settings.check_optional_positive_int,
        parse=settings.parse_optional_int,
        help="train on only the first this many training images (quick runs)",
    )

    # === Numerics ===
    deterministic: bool = _setting(
        False,
        check=settings.check_bool,
        parse=bool,
        help="TensorFlow's deterministic kernels: reruns are bit-identical on a "
        "CPU (slower, and Keras then trains without XLA)",
    )
    mixed_precision: bool | str = _setting(
        False,
        check=settings.check_mixed_precision,
        parse=bool,
        help="compute in bfloat16 with float32 weights (Keras's mixed_bfloat16); "
        'a recipe\'s "auto": where the GPU, TPU or CPU has bfloat16 units',
    )

    def __post_init__(self):
        for field in dataclasses.fields(self):
            value = field.metadata["check"](field.name, getattr(self, field.name))
            object.__setattr__(self, field.name, value)
        # The schedule's values are checked when a run builds it (building
        # one here would start Keras for `kzoo train NAME --help`).
        try:
            check_parameter_names(self.schedule, self.schedule_args)
        except ValueError as error:
            raise invalid(
                "schedule_args",
                settings.to_json(self.schedule_args),
                f"does not suit schedule={self.schedule!r}: {error}",
            ) from None

        _refuse_run_settings(self.model_args, "model_args", _SET_BY_THE_RUN)
        _refuse_run_settings(
            self.optimizer_args,
            "optimizer_args",
            {"learning_rate": "--learning-rate (learning_rate), with --schedule"},
        )

    def to_json(self):
        """The recipe as a JSON-friendly dict; `Recipe.from_json` reads it."""
        data = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, Augmentation):
                value = value.get_config()
            data[field.name] = settings.to_json(value)
        return data

    @classmethod
    def from_json(cls, data):
        """The recipe of a `to_json()` dict; fields it lacks take defaults."""
        if not isinstance(data, Mapping):
            raise invalid("data", data, "must be a dict written by Recipe.to_json")
        names = [field.name for field in dataclasses.fields(cls)]
        for key in data:
            if key not in names:
                close = difflib.get_close_matches(str(key), names, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise invalid("data", key, f"holds an unknown recipe setting{hint}")
        return cls(**data)


def register_recipe(recipe):
    """Registers `recipe` under its name, for `kzoo train NAME`; returns it.

    Registering an equal recipe again (a module imported twice) is a no-op;
    another recipe under a taken name is an error.
    """
    if not isinstance(recipe, Recipe):
        raise invalid("recipe", recipe, "must be a kzoo.training.Recipe")
    if recipe.name in RECIPES:
        if RECIPES.get(recipe.name) == recipe:
            return recipe
        raise ValueError(
            f"A recipe named {recipe.name!r} is already registered. Pick another name."
        )
    return RECIPES.register(recipe, name=recipe.name)


def get_recipe(name):
    """Returns the registered recipe `name` (close matches named if unknown)."""
    return RECIPES.get(name)


def list_recipes(pattern="*"):
    """Returns the sorted names of registered recipes that match `pattern`."""
    return RECIPES.names(pattern)


# The builder arguments a run sets itself, and where to set each instead: a
# value in `model_args` would be recorded in config.json and then dropped.
_SET_BY_THE_RUN = {
    "normalize": "the run (the training images' statistics)",
    "optimizer": "--optimizer (optimizer) and --optimizer-args",
    "learning_rate": "--learning-rate (learning_rate), with --schedule",
    "augment": "--augment (augment)",
    "compile": "the run, which compiles the model",
}


def _refuse_run_settings(values, name, owners):
    """Raises a ValueError naming a key of `values` that the run sets."""
    for key in values:
        if key in owners:
            raise invalid(
                name,
                settings.to_json(values),
                f"must not set {key!r}: it is set by {owners[key]}",
            )
