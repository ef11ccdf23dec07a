"""`sweep_recipe`: the learning-rate sweep of a recipe's model on its training
images, for `kzoo lr-find NAME`."""

from kzoo._internal.validation import check_positive, check_positive_int, invalid
from kzoo.training.option_types import reader
from kzoo.training.options import parse, parser
from kzoo.training.recipe import Recipe
from kzoo.training.settings import parse_float, parse_int
from kzoo.training.startup import quiet_start_asked, start_keras

MIN_STEPS = 5  # What kzoo.tuning.find_learning_rate needs to find a slope.


def _check_steps(name, value):
    if check_positive_int(name, value) < MIN_STEPS:
        raise invalid(name, value, f"must be at least {MIN_STEPS}")
    return value


SWEEP_OPTIONS = {
    # option: (type, default, help); checked as they are read, before Keras
    # starts and the data load.
    "start": (
        reader("start", parse_float, check_positive),
        1e-7,
        "the first learning rate",
    ),
    "stop": (
        reader("stop", parse_float, check_positive),
        10.0,
        "the last learning rate",
    ),
    "steps": (
        reader("steps", parse_int, _check_steps),
        100,
        "steps of the sweep; it stops early if the loss diverges",
    ),
}


def sweep_recipe(recipe, argv=None):
    """Sweeps the learning rate of `recipe`'s model; returns the sweep.

    Args:
        recipe: A `Recipe`; `argv` may change its settings as for `kzoo
            train` (`--batch-size`, `--model-args`, `--subset`, `--seed`).
        argv: Command-line options, those of `kzoo lr-find NAME --help`.
            Defaults to `None`, the process's own arguments.

    Returns:
        The `kzoo.tuning.LearningRateSweep`, whose `lr_find.csv` and
        `lr_find.png` are in `--out`.
    """
    if not isinstance(recipe, Recipe):
        raise invalid("recipe", recipe, "must be a kzoo.training.Recipe")
    options = _parser(recipe)
    # Parsed twice: once for the sweep's own options, once (by `parse`) for
    # the recipe's settings and the run options.
    given = vars(options.parse_args(argv))
    sweep_args = {name: given[name] for name in SWEEP_OPTIONS}
    if sweep_args["stop"] <= sweep_args["start"]:
        raise invalid(
            "stop",
            sweep_args["stop"],
            f"must be greater than --start {sweep_args['start']}",
        )
    recipe, run = parse(recipe, argv, options)
    start_keras(quiet=quiet_start_asked(run.verbose))
    # Imported once Keras has started quietly.
    from kzoo._internal.seeding import seed_everything
    from kzoo.training.model import build_model
    from kzoo.training.recipe_data import recipe_data
    from kzoo.tuning.lr_finder import find_learning_rate

    seed_everything(recipe.seed, recipe.deterministic)
    splits, _, source = recipe_data(recipe, run.data_dir)
    model = build_model(recipe, normalize=splits.train[0], steps_per_epoch=1)
    print(
        f"sweeping the learning rate of {recipe.name} on {len(splits.train[0]):,} "
        f"training images ({source})"
    )
    sweep = find_learning_rate(
        model,
        *splits.train,
        batch_size=recipe.batch_size,
        seed=recipe.seed,
        verbose=min(run.verbose, 1),
        **sweep_args,
    )
    csv, png = sweep.save(run.out)
    print(sweep.summary())
    print(f"sweep: {csv}, plot: {png}")
    return sweep


def _parser(recipe):
    options = parser(recipe, command="lr-find")
    options.description = (
        f"The learning-rate range test of {recipe.name}'s model: "
        "kzoo.tuning.find_learning_rate on its training images."
    )
    group = options.add_argument_group("sweep options")
    for name, (kind, default, text) in SWEEP_OPTIONS.items():
        group.add_argument(
            f"--{name}", type=kind, default=default, help=f"{text} (default: {default})"
        )
    return options
