"""The `kzoo` command: list what kzoo has, train a recipe, report a run."""

import argparse
import sys
from pathlib import Path

from kzoo.training.options import OneLineParser
from kzoo.version import __version__


def command_list(args):
    """Prints every kind of named thing: models, recipes, schedules, optimizers."""
    from kzoo import recipes  # noqa: F401  (importing registers them)
    from kzoo.models import list_models
    from kzoo.optimizers import list_optimizers
    from kzoo.schedules import list_schedules
    from kzoo.training import list_recipes

    kinds = {
        "models": list_models(),
        "recipes": list_recipes(),
        "schedules": list_schedules(),
        "optimizers": list_optimizers(),
    }
    for kind, names in kinds.items():
        print(f"{kind + ':':<11} {', '.join(names)}")


def command_train(args):
    from kzoo import recipes  # noqa: F401  (importing registers them)
    from kzoo.training import get_recipe, list_recipes, main

    if args.recipe is None:
        raise SystemExit(
            "kzoo train: error: name a recipe: kzoo train RECIPE [options] "
            f"(recipes: {', '.join(list_recipes())})"
        )
    try:
        recipe = get_recipe(args.recipe)
    except ValueError as error:
        raise SystemExit(f"kzoo train: error: {error}") from None
    main(recipe, args.options)


def command_report(args):
    from kzoo._internal.files import read_csv, read_json
    from kzoo.diagnosis import summary
    from kzoo.plots import plot_learning_curves

    run_dir = Path(args.run_dir)
    if not (run_dir / "metrics.json").is_file():
        raise SystemExit(
            f"kzoo: error: {run_dir} is not a run directory (no metrics.json)"
        )
    metrics = read_json(run_dir / "metrics.json")
    print(f"run directory: {run_dir}")
    keys = ("test_accuracy", "test_loss", "dev_accuracy", "dev_loss", "epochs")
    for key in (*keys, "train_seconds", "first_step_seconds", "fit_seconds"):
        if key in metrics:
            print(f"  {key}: {metrics[key]}")
    if "backend" in metrics:
        print(f"  backend: {metrics['backend']}")
    if metrics.get("stopped"):
        where = metrics["stopped"]
        print(
            f"  stopped: the loss became {where['loss']} at epoch "
            f"{where['epoch']}, batch {where['batch']}"
        )
    if (run_dir / "bias_variance.json").is_file():
        print(summary(read_json(run_dir / "bias_variance.json")))
    history = read_csv(run_dir / "history.csv")
    if history:
        path = plot_learning_curves(
            history, read_csv(run_dir / "batches.csv"), run_dir / "curves.png"
        )
        print(f"curves: {path}")


def build_parser():
    parser = OneLineParser(prog="kzoo", description=__doc__)
    parser.add_argument("--version", action="version", version=f"kzoo {__version__}")
    commands = parser.add_subparsers(
        dest="command", metavar="{list,train,report}", parser_class=OneLineParser
    )
    commands.add_parser(
        "list", help="show the models, recipes, schedules and optimizers"
    ).set_defaults(run=command_list)
    train = commands.add_parser(
        "train",
        help="run a recipe; options after RECIPE go to it (kzoo train RECIPE --help)",
    )
    train.add_argument("recipe", nargs="?", help="a recipe name from `kzoo list`")
    train.add_argument("options", nargs=argparse.REMAINDER, help="the recipe's options")
    train.set_defaults(run=command_train)
    report = commands.add_parser("report", help="summarise a run and redraw its plots")
    report.add_argument("run_dir", help="a run directory written by `kzoo train`")
    report.set_defaults(run=command_report)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("name a command: kzoo list, kzoo train RECIPE or kzoo report DIR")
    try:
        args.run(args)
    except (FileNotFoundError, ValueError) as error:
        raise SystemExit(f"kzoo: error: {error}") from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
