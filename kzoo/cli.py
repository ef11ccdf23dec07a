"""The `kzoo` command: list what kzoo has, train a recipe, report a run, run
the course's experiments."""

import argparse
import os
import sys
from pathlib import Path

from kzoo._internal.warning_lines import one_line_warnings
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


def command_babysit(args):
    """One model trained and watched epoch by epoch, "panda" (kzoo.tuning)."""
    from kzoo.training import main
    from kzoo.tuning.panda import babysit, parser

    recipe = _recipe(args.recipe, "babysit")
    main(recipe, args.options, command="babysit", job=babysit, options=parser(recipe))


def command_lr_find(args):
    """The learning-rate sweep of a recipe's model (kzoo.tuning)."""
    from kzoo.tuning.recipe_sweep import sweep_recipe

    recipe = _recipe(args.recipe, "lr-find")
    try:
        sweep_recipe(recipe, args.options)
    except (FileNotFoundError, ValueError) as error:
        raise SystemExit(f"kzoo lr-find {recipe.name}: error: {error}") from None


def command_tune(args):
    """A hyperparameter search of a recipe on KerasTuner (kzoo.tuning)."""
    # caviar names a missing KerasTuner itself, after the backend's quiet start.
    from kzoo.tuning.caviar import tune

    recipe = _recipe(args.recipe, "tune")
    try:
        tune(recipe, args.options)
    except (FileNotFoundError, ValueError) as error:
        raise SystemExit(f"kzoo tune {recipe.name}: error: {error}") from None


def _recipe(name, command):
    """The registered recipe `name`, or a one-line exit naming `command`."""
    from kzoo import recipes  # noqa: F401  (importing registers them)
    from kzoo.training import get_recipe

    try:
        return get_recipe(name)
    except ValueError as error:
        raise SystemExit(f"kzoo {command}: error: {error}") from None


def command_report(args):
    """Prints what a run directory holds, finished or not, and redraws its
    curves."""
    from kzoo.training.run_report import print_report

    print_report(Path(args.run_dir))


def command_course(args):
    """The course's claims as experiments, then their gallery (kzoo.course)."""
    from kzoo.course import run_course

    if args.seed < 0:
        raise SystemExit(
            f"kzoo course: error: --seed must be >= 0. Received: {args.seed}"
        )
    try:
        outcomes = run_course(
            args.out,
            quick=args.quick,
            seed=args.seed,
            data_dir=args.data_dir,
            only=args.only,
            command=" ".join(["kzoo", *args.argv]),
        )
    except ValueError as error:  # A wrong --only, named by its argument.
        message = str(error).replace("Argument `only`", "--only")
        raise SystemExit(f"kzoo course: error: {message}") from None
    failed = [o.experiment.name for o in outcomes if o.error]
    if failed:
        raise SystemExit(f"kzoo course: error: failed: {', '.join(failed)}")


def build_parser():
    parser = OneLineParser(prog="kzoo", description=__doc__)
    parser.add_argument("--version", action="version", version=f"kzoo {__version__}")
    commands = parser.add_subparsers(
        dest="command",
        metavar="{list,train,babysit,lr-find,tune,report,course}",
        parser_class=OneLineParser,
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
    # The commands that take a recipe and pass it the options after its name.
    for name, text, run in (
        (
            "babysit",
            "train a recipe watched: after each epoch, go on, change the "
            "learning rate or stop",
            command_babysit,
        ),
        ("lr-find", "sweep a recipe's learning rate and suggest one", command_lr_find),
        (
            "tune",
            "search a recipe's hyperparameters on KerasTuner, many trials at "
            "once with --parallel",
            command_tune,
        ),
    ):
        command = commands.add_parser(name, help=f"{text} (kzoo {name} RECIPE --help)")
        command.add_argument("recipe", help="a recipe name from `kzoo list`")
        command.add_argument("options", nargs=argparse.REMAINDER, help="its options")
        command.set_defaults(run=run)
    report = commands.add_parser("report", help="summarise a run and redraw its plots")
    report.add_argument("run_dir", help="a run directory written by `kzoo train`")
    report.set_defaults(run=command_report)
    course = commands.add_parser(
        "course",
        help="run the course's claims as experiments and write their gallery",
        description="Runs examples/course/'s experiments (each a claim of the "
        "course, measured) and writes OUT/index.md and OUT/index.html.",
    )
    course.add_argument(
        "--quick",
        action="store_true",
        help="small data and few steps: about a minute, offline (kzoo's sample)",
    )
    course.add_argument("--out", default="runs/course", help="(default: runs/course)")
    course.add_argument("--seed", type=int, default=0, help="(default: 0)")
    course.add_argument(
        "--data-dir",
        default=os.environ.get("KZOO_DATA_DIR"),
        help="MNIST's IDX files for full runs (default: KZOO_DATA_DIR, then "
        "the Keras cache, TFDS, the bundled sample)",
    )
    course.add_argument(
        "--only", nargs="+", metavar="N", help="only these experiments (number or name)"
    )
    course.set_defaults(run=command_course)
    return parser


def main(argv=None):
    one_line_warnings()
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(argv)
    args.argv = argv
    if args.command is None:
        parser.error("name a command: kzoo list, kzoo train RECIPE or kzoo report DIR")
    try:
        args.run(args)
    except (FileNotFoundError, ValueError) as error:
        raise SystemExit(f"kzoo: error: {error}") from None
    except KeyboardInterrupt:
        # kzoo train and babysit say where they stopped themselves; the
        # others end here, with one line instead of a traceback.
        _exit_interrupted(args.command)
    return 0


# What the same command does after Ctrl-C, where it is worth saying.
_AFTER_CTRL_C = {
    "tune": "; the same command resumes the search, keeping its finished trials",
    "lr-find": "; nothing was written",
}


def _exit_interrupted(command):
    from kzoo.training.command import exit_interrupted

    exit_interrupted(f"kzoo {command}: interrupted{_AFTER_CTRL_C.get(command, '')}")


if __name__ == "__main__":
    sys.exit(main())
