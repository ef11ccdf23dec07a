"""The `kzoo` command: list models and recipes, train a recipe, report a run."""

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from kzoo.training.options import OneLineParser


def recipes():
    """The names of the installed recipes (modules of `kzoo.recipes`)."""
    import kzoo.recipes

    return sorted(m.name for m in pkgutil.iter_modules(kzoo.recipes.__path__))


def command_list(args):
    from kzoo.models import list_models

    print("models:  " + ", ".join(list_models()))
    print("recipes: " + ", ".join(recipes()))


def command_train(args):
    if args.recipe not in recipes():
        raise SystemExit(
            f"kzoo: error: unknown recipe {args.recipe!r}; choose from "
            f"{', '.join(recipes())}"
        )
    from kzoo.training import TrainingDiverged

    module = importlib.import_module(f"kzoo.recipes.{args.recipe}")
    try:
        module.main(args.options)
    except TrainingDiverged as error:
        raise SystemExit(f"kzoo train {args.recipe}: error: {error}") from None


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
    keys = ("test_accuracy", "test_loss", "epochs", "train_seconds")
    for key in (*keys, "first_step_seconds", "fit_seconds", "backend"):
        if key in metrics:
            print(f"  {key}: {metrics[key]}")
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
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=OneLineParser
    )
    commands.add_parser("list", help="show the models and recipes").set_defaults(
        run=command_list
    )
    train = commands.add_parser(
        "train",
        help="run a recipe; options after RECIPE go to it (kzoo train RECIPE --help)",
    )
    train.add_argument("recipe", help="a recipe name from `kzoo list`")
    train.add_argument("options", nargs=argparse.REMAINDER, help="the recipe's options")
    train.set_defaults(run=command_train)
    report = commands.add_parser("report", help="summarise a run and redraw its plots")
    report.add_argument("run_dir", help="a run directory written by `kzoo train`")
    report.set_defaults(run=command_report)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except (FileNotFoundError, ValueError) as error:
        raise SystemExit(f"kzoo: error: {error}") from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
