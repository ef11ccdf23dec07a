"""`SearchSpace`: what to tune in a recipe, each on the course's scale.

The course samples at random, not on a grid, and on the scale where equal
steps matter equally:

| hyperparameter                      | range            | scale               |
|-------------------------------------|------------------|---------------------|
| `learning_rate`                     | 1e-4 ... 1e-1    | log                 |
| `beta` (momentum, RMSProp),         | 0.9 ... 0.999    | 1 - beta log        |
| `beta_1` (Adam)                     |                  |                     |
| `beta_2` (Adam)                     | 0.99 ... 0.9999  | 1 - beta_2 log      |
| `batch_size`                        | 32 ... 1024      | powers of two       |
| `hidden_layers`, `units` (MLPs)     | 1 ... 3; 64 ... 1024 | integers; powers of two |
| `l2`                                | 1e-6 ... 1e-2    | log                 |
| `dropout`                           | 0 ... 0.5        | linear              |

A log scale gives each decade as many tries. For a beta it is 1 - beta that
is log-uniform: beta = 0.9 -> 0.9005 barely matters, while 0.999 -> 0.9995
doubles the number of steps the average spans.

Only what the recipe's model and optimizer take is searched (`units` for an
MLP, `beta_2` for Adam). KerasTuner samples: each entry becomes one of its
hyperparameters (`one_minus_<beta>` with log sampling for a beta).
"""

import dataclasses
import math

import numpy as np

from kzoo._internal.validation import invalid

LOG, LINEAR, ONE_MINUS_LOG, POWER_OF_TWO, INTEGER = (
    "log",
    "linear",
    "one_minus_log",
    "power_of_two",
    "integer",
)


@dataclasses.dataclass(frozen=True)
class Range:
    """One hyperparameter's range and scale, or its fixed value.

    Attributes:
        low: The smallest value.
        high: The largest value; equal to `low` for a fixed value.
        scale: `"log"`, `"linear"`, `"one_minus_log"` (1 - value
            log-uniform: the betas), `"power_of_two"` or `"integer"`.
    """

    low: float
    high: float
    scale: str = LINEAR

    def __post_init__(self):
        if self.scale not in (LOG, LINEAR, ONE_MINUS_LOG, POWER_OF_TWO, INTEGER):
            raise invalid(
                "scale",
                self.scale,
                "must be log, linear, one_minus_log, power_of_two or integer",
            )
        if not self.low <= self.high:
            raise invalid("high", self.high, f"must be >= low={self.low!r}")
        if self.scale in (LOG, POWER_OF_TWO) and self.low <= 0:
            raise invalid("low", self.low, f"must be > 0 on a {self.scale} scale")
        if self.scale == ONE_MINUS_LOG and not 0 <= self.low <= self.high < 1:
            raise invalid("high", self.high, "must be in [low, 1) for a beta")

    @property
    def fixed(self):
        return self.low == self.high

    def declare(self, hp, name):
        """Declares this range in KerasTuner's `hp`; returns the value drawn."""
        if self.fixed:
            whole = self.scale in (POWER_OF_TWO, INTEGER)
            return hp.Fixed(name, int(self.low) if whole else self.low)
        if self.scale == ONE_MINUS_LOG:
            gap = hp.Float(
                f"one_minus_{name}", 1 - self.high, 1 - self.low, sampling="log"
            )
            return 1 - gap
        if self.scale == POWER_OF_TWO:
            first = math.ceil(math.log2(self.low))
            last = math.floor(math.log2(self.high))
            return hp.Choice(name, [2**k for k in range(first, last + 1)])
        if self.scale == INTEGER:
            return hp.Int(name, int(self.low), int(self.high))
        return hp.Float(name, self.low, self.high, sampling=self.scale)


COURSE = {
    "learning_rate": Range(1e-4, 1e-1, LOG),
    "beta": Range(0.9, 0.999, ONE_MINUS_LOG),
    "beta_1": Range(0.9, 0.999, ONE_MINUS_LOG),
    "beta_2": Range(0.99, 0.9999, ONE_MINUS_LOG),
    "batch_size": Range(32, 1024, POWER_OF_TWO),
    "hidden_layers": Range(1, 3, INTEGER),
    "units": Range(64, 1024, POWER_OF_TWO),
    "l2": Range(1e-6, 1e-2, LOG),
    "dropout": Range(0.0, 0.5, LINEAR),
}

OPTIMIZER_BETAS = {
    "adam": ("beta_1", "beta_2"),
    "momentum": ("beta",),
    "rmsprop": ("beta",),
}
LAYERS = ("hidden_layers", "units")


@dataclasses.dataclass(frozen=True)
class SearchSpace:
    """The hyperparameters to search in `recipe`, and their ranges.

    Make one with `SearchSpace.for_recipe`; `declare(hp)` puts it in a
    KerasTuner `HyperParameters`, `recipe_for(values)` is the recipe a trial
    trains, and `sample(seed)` draws values as a random search does.
    """

    recipe: object
    ranges: dict

    @classmethod
    def for_recipe(cls, recipe, **changes):
        """The course's space for what `recipe`'s model and optimizer take.

        Args:
            recipe: A `kzoo.training.Recipe`.
            **changes: Per hyperparameter: `(low, high)` narrows or widens it
                on its scale, a number fixes it, `None` leaves it out.

        Example:

        ```python
        space = SearchSpace.for_recipe(RECIPE, learning_rate=(1e-3, 1e-2),
                                       dropout=0.2, l2=None)
        ```
        """
        ranges = {name: COURSE[name] for name in searchable(recipe)}
        for name, change in changes.items():
            if name not in ranges:
                raise invalid(
                    name,
                    change,
                    "is not searched in recipe "
                    f"{recipe.name!r}; its space has: {', '.join(ranges)}",
                )
            if change is None:
                del ranges[name]
            elif isinstance(change, tuple | list) and len(change) == 2:
                ranges[name] = Range(*change, ranges[name].scale)
            else:
                ranges[name] = Range(change, change, ranges[name].scale)
        return cls(recipe, ranges)

    def declare(self, hp):
        """Declares every range in `hp`; returns `{name: value}` for this trial."""
        return {name: span.declare(hp, name) for name, span in self.ranges.items()}

    def recipe_for(self, values):
        """The recipe with `values` (from `declare`) in their places."""
        recipe = self.recipe
        model_args = dict(recipe.model_args)
        optimizer_args = dict(recipe.optimizer_args)
        fields = {k: values[k] for k in ("learning_rate", "batch_size") if k in values}
        for name in ("beta", "beta_1", "beta_2"):
            if name in values:
                optimizer_args[name] = float(values[name])
        for name in ("l2", "dropout"):
            if name in values:
                model_args[name] = float(values[name])
        if any(name in values for name in LAYERS):
            current = list(model_args.get("hidden_units", (256, 128)))
            layers = int(values.get("hidden_layers", len(current)))
            units = int(values.get("units", current[0]))
            model_args["hidden_units"] = (units,) * layers
        return dataclasses.replace(
            recipe, model_args=model_args, optimizer_args=optimizer_args, **fields
        )

    def sample(self, seed=0):
        """Values drawn as KerasTuner's random search draws them, by `seed`."""
        import keras_tuner

        hp = keras_tuner.HyperParameters()
        self.declare(hp)
        rng = np.random.default_rng(seed)
        for parameter in hp.space:
            draw = int(rng.integers(2**31))
            hp.values[parameter.name] = parameter.random_sample(draw)
        return self.declare(hp)


def searchable(recipe):
    """The names in `COURSE` that `recipe`'s model and optimizer take."""
    from kzoo.models import model_arguments

    takes = model_arguments(recipe.model)
    names = ["learning_rate", *OPTIMIZER_BETAS.get(recipe.optimizer, ()), "batch_size"]
    if "hidden_units" in takes:
        names += LAYERS
    return names + [name for name in ("l2", "dropout") if name in takes]


def parse_changes(words):
    """`{name: change}` from `NAME=LOW:HIGH`, `NAME=VALUE` or `NAME=none` words."""
    changes = {}
    for word in words:
        name, sep, text = word.partition("=")
        if not sep:
            raise invalid("space", word, "must be NAME=LOW:HIGH, NAME=VALUE or none")
        try:
            if text.lower() == "none":
                changes[name] = None
            elif ":" in text:
                changes[name] = tuple(float(part) for part in text.split(":", 1))
            else:
                changes[name] = float(text)
        except ValueError:
            raise invalid(name, text, "must be LOW:HIGH, a number or none") from None
    return changes
