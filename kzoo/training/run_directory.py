"""`RunDirectory`: what a rerun finds in a run directory, and what it may do.

A run directory belongs to one recipe: its `config.json` is the recipe's
`to_json()`. A rerun with the same recipe resumes from the last finished
epoch (Keras's `BackupAndRestore` keeps the weights in `backup/`), or, when
`metrics.json` says the run finished, leaves it alone. A rerun with other
settings is refused, naming each difference, since resuming would mix two
runs in one set of curves; `--restart` (or another `--out`) starts over.

A babysat run (`kzoo babysit`) also keeps, under `config.json`'s
`babysitting` key, each decision taken after an epoch: a new learning rate,
or a stop, with who took it and why. They are not recipe settings: a
resumed run starts again from the last learning rate they set.
"""

import json
import shutil

from kzoo._internal import files
from kzoo.diagnosis.divergence import where
from kzoo.training.recipe import Recipe

CONFIG, METRICS, BACKUP = "config.json", "metrics.json", "backup"
BABYSITTING = "babysitting"  # config.json's record of a babysat run.
# Everything a run writes; --restart removes these and nothing else.
ARTEFACTS = (
    CONFIG,
    "history.csv",
    "batches.csv",
    "curves.png",
    "bias_variance.json",
    "bias_variance.md",
    "model.keras",
    METRICS,
)
# Settings that do not make another run: the recipe's description (and its
# name, which is compared first, on its own).
_NOT_COMPARED = ("name", "description")
_START_OVER = "To start over, add --restart (or choose another --out)."


class RunMismatch(ValueError):
    """The run directory holds another run than the one asked for."""


class RunDirectory:
    """A run directory: its files, and the state of the run they record.

    Args:
        path: The directory; created if needed, and checked to be writable.
    """

    def __init__(self, path):
        self.path = files.check_writable_dir("out", path)

    @property
    def backup_dir(self):
        """Where `BackupAndRestore` keeps the last finished epoch."""
        return self.path / BACKUP

    def clear(self):
        """Removes a previous run's files (not the user's other files)."""
        shutil.rmtree(self.backup_dir, ignore_errors=True)
        for name in ARTEFACTS:
            (self.path / name).unlink(missing_ok=True)

    def check_same_run(self, recipe):
        """Raises `RunMismatch` if a run of another recipe trained here,
        naming each setting that differs.

        A `config.json` alone (a run that stopped before its first epoch) is
        no run yet, and the new one replaces it.
        """
        if not self.has_progress():
            return  # Nothing trained yet: nothing to mix up.
        if not (self.path / CONFIG).is_file():
            raise RunMismatch(
                f"{self.path} holds a run's files but no {CONFIG}, so it cannot "
                f"tell which run they belong to. {_START_OVER}"
            )
        try:
            saved = files.read_json(self.path / CONFIG)
            saved.pop(BABYSITTING, None)
            saved = Recipe.from_json(saved).to_json()
        except (OSError, TypeError, ValueError) as error:
            raise RunMismatch(
                f"{self.path}/{CONFIG} is not the config of a recipe run of this "
                f"kzoo ({error}). {_START_OVER}"
            ) from None
        wanted = recipe.to_json()
        if saved["name"] != wanted["name"]:
            raise RunMismatch(
                f"{self.path} holds a run of the recipe {saved['name']}, not "
                f"{wanted['name']}. {_START_OVER}"
            )
        differences = [
            f"{name} (--{name.replace('_', '-')}) is {_shown(saved[name])} there "
            f"and {_shown(wanted[name])} now"
            for name in wanted
            if name not in _NOT_COMPARED and saved[name] != wanted[name]
        ]
        if differences:
            raise RunMismatch(
                f"{self.path} holds another run: {'; '.join(differences)}. "
                f"{_START_OVER}"
            )

    def has_progress(self):
        """Whether a run trained here: a backup, an epoch or final metrics."""
        return (
            self.backup_dir.is_dir()
            or bool(files.read_csv(self.path / "history.csv"))
            or (self.path / METRICS).is_file()
        )

    def write_config(self, recipe):
        """Writes `recipe` as the directory's `config.json` (keeping the
        decisions of a babysat run that resumes)."""
        kept = {}
        if self.has_progress() and BABYSITTING in self._config():
            kept[BABYSITTING] = self._config()[BABYSITTING]
        files.write_json(self.path / CONFIG, {**recipe.to_json(), **kept})

    def start_babysitting(self, settings, until=0):
        """Marks a babysat run in `config.json`, with its `settings` (a dict),
        keeping the decisions taken up to the end of epoch `until`, where a
        resumed run starts again."""
        config = self._config()
        decisions = self.decisions(until)
        config[BABYSITTING] = {**settings, "decisions": decisions}
        files.write_json(self.path / CONFIG, config)

    def decisions(self, until=None):
        """The babysitting decisions in `config.json`, those taken after epoch
        `until` at the latest (all if `None`)."""
        decisions = self._config().get(BABYSITTING, {}).get("decisions", [])
        return [d for d in decisions if until is None or d["epoch"] <= until]

    def record(self, decision):
        """Adds a babysitting decision (a dict with its `epoch`) to `config.json`."""
        config = self._config()
        config.setdefault(BABYSITTING, {}).setdefault("decisions", []).append(decision)
        files.write_json(self.path / CONFIG, config)

    def learning_rate_at(self, epoch):
        """The learning rate the decisions set by the end of epoch `epoch`
        (counted from 1), or `None` if they set none."""
        rates = [
            d["learning_rate"] for d in self.decisions(epoch) if "learning_rate" in d
        ]
        return rates[-1] if rates else None

    def _config(self):
        path = self.path / CONFIG
        return files.read_json(path) if path.is_file() else {}

    def write_metrics(self, metrics):
        """Writes `metrics.json`, which marks the run finished."""
        files.write_json(self.path / METRICS, metrics)

    def finished_metrics(self):
        """The metrics of a finished run, or `None` if it has not finished."""
        metrics = self.path / METRICS
        return files.read_json(metrics) if metrics.is_file() else None

    def finished_note(self, recipe_name, metrics):
        """What a rerun of the finished run with `metrics` says, in one line."""
        stopped = metrics.get("stopped")
        early = f" (it stopped early: {where(stopped)})" if stopped else ""
        return (
            f"{self.path} is a finished run of {recipe_name}{early}: see "
            f"`kzoo report {self.path}`. To train it again, add --restart."
        )

    def resumed_epoch(self):
        """The epochs a resumed run skips: those the backup holds (0 if none)."""
        metadata = self.backup_dir / "training_metadata.json"
        # A kill while Keras rewrote the metadata leaves its previous copy.
        for path in (metadata, metadata.with_name(metadata.name + ".bkp")):
            try:
                return int(files.read_json(path)["epoch"])
            except (OSError, KeyError, TypeError, ValueError):
                continue
        return 0

    def train_seconds_before(self, epoch):
        """The training seconds of epochs `0 .. epoch - 1`, from history.csv.

        `TrainingTimer` logs them cumulatively, so a resumed run adds its own
        to the last finished epoch's figure.
        """
        rows = files.read_csv(self.path / "history.csv")
        done = [row for row in rows if int(float(row["epoch"])) < epoch]
        if not done:
            return 0.0
        last = max(done, key=lambda row: int(float(row["epoch"])))
        return float(last.get("train_seconds") or 0.0)


def _shown(value):
    return json.dumps(value, separators=(",", ":"))
