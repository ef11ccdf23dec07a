"""The command-line options of a recipe run, made from the `Recipe`'s fields.

Each field with a parser becomes an option (`batch_size` -> `--batch-size`)
whose help shows the recipe's value as its default, and whose value goes
through the field's parser and check, so a bad one fails in one line naming
the option and what it must be. The run-only options (`--data-dir`, `--out`,
`--verbose`, `--restart`) say where and how to run, not what: they are not
part of the recipe, nor of `config.json`.
"""

import argparse
import dataclasses
import json
from pathlib import Path

from kzoo._internal.validation import (
    check_one_of,
)
from kzoo.augmentation import Augmentation
from kzoo.training.engine_options import add_engine_options, checked
from kzoo.training.option_types import flag, reader, requirement
from kzoo.training.settings import parse_int


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit non-zero."""

    def error(self, message):
        # One clear line and a non-zero exit, not a usage dump.
        raise SystemExit(f"{self.prog}: error: {message} (see {self.prog} --help)")


@dataclasses.dataclass(frozen=True)
class RunOptions:
    """Where and how a recipe runs: the options that are not recipe settings."""

    out: Path
    data_dir: str | None = None
    verbose: int = 1
    restart: bool = False
    skip_test: bool = False
    loop: str = "fit"
    distribute: str | None = None
    devices: tuple[str, ...] | None = None
    coordinator: str | None = None
    num_processes: int = 1
    process_id: int = 0


# What `--out` holds for each command that takes a recipe's options, and the
# suffix of its default, runs/NAME<suffix>.
OUT = {
    "train": ("run directory; the same command again resumes the run there", ""),
    "babysit": (
        "run directory; the same command again resumes the run there",
        "-babysit",
    ),
    "lr-find": ("directory of lr_find.csv, lr_find.png and lr_find.json", ""),
    "tune": (
        "the search's directory: trials/, leaderboard.csv, best/; the same "
        "command again resumes the search",
        "-search",
    ),
}


def parser(recipe, command="train"):
    """The options of `kzoo train NAME` for `recipe`: its settings, then the
    run-only options. `command="lr-find"` or `"tune"`: those of `kzoo
    lr-find NAME` or `kzoo tune NAME`, whose `--out` holds a sweep's or a
    search's files, and which have no `--restart` and no `--skip-test`."""
    options = OneLineParser(
        prog=f"kzoo {command} {recipe.name}", description=recipe.description
    )
    settings = options.add_argument_group(
        "recipe settings", "saved in config.json; a run resumes only if they match"
    )
    for field in dataclasses.fields(recipe):
        parse = field.metadata["parse"]
        if parse is None:
            continue
        default = _shown(getattr(recipe, field.name))
        text = f"{field.metadata['help']} (default: {default})".replace("%", "%%")
        arguments = {"default": argparse.SUPPRESS, "help": text}
        if parse is bool:
            arguments["action"] = argparse.BooleanOptionalAction
        elif field.metadata.get("nargs"):
            arguments.update(nargs=field.metadata["nargs"], metavar="KEY=VALUE")
        else:
            arguments["type"] = reader(field.name, parse, field.metadata["check"])
        settings.add_argument(flag(field.name), **arguments)

    run = options.add_argument_group("run options", "not part of the recipe")
    run.add_argument(
        "--data-dir",
        help="MNIST directory or mnist.npz (default: KZOO_DATA_DIR, the Keras "
        "cache, TFDS, else the bundled sample)",
    )
    where, suffix = OUT[command]
    out = Path("runs") / f"{recipe.name}{suffix}"
    run.add_argument("--out", type=Path, default=out, help=f"{where} (default: {out})")
    verbosity = reader("verbose", parse_int, lambda n, v: check_one_of(n, v, (0, 1, 2)))
    run.add_argument(
        "--verbose",
        type=verbosity,
        default=1,
        help="0: quiet, 1: progress bars, 2: one line an epoch, and the "
        "backend's C++ start-up log (default: 1)",
    )
    if command not in ("train", "babysit"):
        return options
    if command == "train":
        add_engine_options(options)
    run.add_argument(
        "--skip-test",
        action="store_true",
        help="leave the test set alone (a search's trials do: only its winner "
        "is tested)",
    )
    run.add_argument(
        "--restart",
        action="store_true",
        help="clear the run directory's previous run (backup, curves, reports, "
        "model) and train from scratch",
    )
    return options


def parse(recipe, argv=None, options=None):
    """Returns `(recipe with the options applied, RunOptions)` for `argv`.

    `options`: the parser, if not `parser(recipe)`; options of its own that
    are neither recipe settings nor run options are left for its caller.
    """
    options = options or parser(recipe)
    given = vars(options.parse_args(argv))
    run = RunOptions(
        **{f.name: given.pop(f.name, f.default) for f in dataclasses.fields(RunOptions)}
    )
    run = checked(run, options)
    # The recipe's schedule parameters belong to its own schedule, and its
    # optimizer settings to its own optimizer.
    current, overrides = {}, {}
    for kind in ("schedule", "optimizer"):
        changed = given.get(kind, getattr(recipe, kind)) != getattr(recipe, kind)
        current[f"{kind}_args"] = {} if changed else getattr(recipe, f"{kind}_args")
        if changed:
            overrides[f"{kind}_args"] = {}
    current["model_args"] = recipe.model_args
    current["augment"] = recipe.augment.get_config() if recipe.augment else {}
    for field in dataclasses.fields(recipe):
        if field.name in given:
            value = given[field.name]
            if field.metadata.get("nargs"):
                value = _merged(field, value, current[field.name], options)
            overrides[field.name] = value
    try:
        return dataclasses.replace(recipe, **overrides), run
    except ValueError as error:
        options.error(str(error))


def _merged(field, words, current, options):
    # Several-word settings add to the recipe's, so that `--model-args
    # dropout=0.3` keeps the rest of its model arguments.
    try:
        value = field.metadata["parse"](words)
        if value is not None:
            value = field.metadata["check"](field.name, {**current, **value})
    except (TypeError, ValueError) as error:
        needed = requirement(error, field.name)
        options.error(f"argument {flag(field.name)}: {needed}")
    return value


def _shown(value):
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, Augmentation):
        defaults = Augmentation().get_config()
        value = {k: v for k, v in value.get_config().items() if v != defaults[k]}
    if isinstance(value, dict):
        items = [
            f"{k}={json.dumps(v, separators=(',', ':'))}" for k, v in value.items()
        ]
        return " ".join(items) or "none"
    return "none" if value is None else str(value)
