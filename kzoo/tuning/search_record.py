"""`search.json`: what a search directory searches, so that a rerun goes on
with the same search or is refused.

KerasTuner resumes a search from its oracle's files and takes no notice of
the options a rerun passes: a new `--space` was ignored, while a new
`--epochs` or `--subset` reached the new trials only, and trials of two
settings were ranked in one leaderboard on dev sets of different sizes.
The first run writes the recipe, the search space's changes and the
oracle; a rerun must match them. Only the number of trials and how they run
(`--trials`, `--parallel`, `--in-process`, `--listen`, `--chief`) may
change, as `kzoo train`'s run directories allow none.
"""

import json
from pathlib import Path

from kzoo._internal.files import read_json, write_json

RECORD = "search.json"
# A recipe's description says nothing of the runs.
_NOT_COMPARED = ("description",)


def check_or_write(out, recipe, args, changes, write=True):
    """Refuses a search in `out` of other settings; records a new one.

    Args:
        out: The search's directory.
        recipe: The `Recipe` whose trials are searched, options applied.
        args: The parsed `kzoo tune` options (`oracle`, `oracle_seed`).
        changes: The search space's changes, as `parse_changes` gives them.
        write: Record the settings if `out` has none yet. Defaults to `True`.

    Raises:
        ValueError: `out` holds a search of other settings, naming each.
    """
    path = Path(out) / RECORD
    wanted = _settings(recipe, args, changes)
    if path.is_file():
        differences = _differences(read_json(path), wanted)
        if differences:
            raise ValueError(
                f"{out} holds another search: {'; '.join(differences)}. Only "
                "--trials and how trials run (--parallel, --in-process) may change "
                f"in a rerun; choose another --out (or remove {out}) to start over."
            )
    elif write:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(path, wanted)


def _settings(recipe, args, changes):
    recipe_json = {
        name: value
        for name, value in recipe.to_json().items()
        if name not in _NOT_COMPARED
    }
    settings = {
        "recipe": recipe_json,
        "space": changes,
        "oracle": args.oracle,
        "oracle_seed": args.oracle_seed,
    }
    return json.loads(json.dumps(settings))  # As read back: lists, not tuples.


def _differences(saved, wanted):
    found = []
    old_recipe, new_recipe = saved.get("recipe", {}), wanted["recipe"]
    for name in sorted(set(old_recipe) | set(new_recipe)):
        if old_recipe.get(name) != new_recipe.get(name):
            found.append(
                f"{name} (--{name.replace('_', '-')}) is "
                f"{_shown(old_recipe.get(name))} there and "
                f"{_shown(new_recipe.get(name))} now"
            )
    for name in ("space", "oracle", "oracle_seed"):
        if saved.get(name) != wanted[name]:
            found.append(
                f"--{name.replace('_', '-')} is {_shown(saved.get(name))} there "
                f"and {_shown(wanted[name])} now"
            )
    return found


def _shown(value):
    return json.dumps(value, separators=(",", ":"))
