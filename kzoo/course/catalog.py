"""Finds and runs the course's experiments.

They are scripts in the repository's examples/course/ folder, which installs
as `kzoo.course.experiments` (pyproject.toml), so that `kzoo course` finds
them wherever kzoo is installed and a student reads them where the other
examples are. A script is named `NN_name.py` and defines `TITLE` and
`run(setting) -> Finding`.
"""

import dataclasses
import importlib.util
import re
import time
from importlib import resources
from pathlib import Path

from kzoo.course.finding import Finding
from kzoo.course.setting import Setting

_NAME = re.compile(r"(\d\d)_[a-z0-9_]+")


@dataclasses.dataclass(frozen=True)
class Experiment:
    """One experiment script: its number, name (file stem) and path."""

    number: int
    name: str
    path: Path

    def load(self):
        """The script as a module (its `if __name__ == "__main__"` not run)."""
        spec = importlib.util.spec_from_file_location(
            f"kzoo.course.experiments.e{self.name}", self.path
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


def list_experiments(only=None):
    """The experiments in number order; `only`: numbers or names to keep."""
    folder = resources.files("kzoo.course.experiments")
    found = []
    for entry in folder.iterdir():
        match = _NAME.fullmatch(Path(entry.name).stem)
        if entry.name.endswith(".py") and match:
            found.append(Experiment(int(match[1]), match[0], Path(str(entry))))
    found.sort(key=lambda e: e.number)
    if only:
        wanted = {str(x) for x in only}
        unknown = wanted - {str(e.number) for e in found} - {e.name for e in found}
        if unknown:
            names = ", ".join(f"{e.number} ({e.name})" for e in found)
            raise ValueError(
                f"Argument `only` must name experiments by number or name. "
                f"Received: {sorted(unknown)}; there are {names}"
            )
        found = [e for e in found if {str(e.number), e.name} & wanted]
    return found


@dataclasses.dataclass
class Outcome:
    """An experiment's run: its finding, or the error that stopped it."""

    experiment: Experiment
    title: str
    seconds: float
    finding: Finding | None = None
    error: str | None = None

    def to_json(self):
        return {
            "number": self.experiment.number,
            "name": self.experiment.name,
            "title": self.title,
            "seconds": round(self.seconds, 2),
            "finding": self.finding.to_json() if self.finding else None,
            "error": self.error,
        }


def run_experiment(experiment, out, quick=False, seed=0, data_dir=None):
    """Runs one experiment; its figure goes to `out`. Returns an Outcome: an
    exception inside the experiment is kept as its error, so that one broken
    experiment does not stop the gallery."""
    start = time.perf_counter()
    module = experiment.load()
    setting = Setting(
        out=out, name=experiment.name, quick=quick, seed=seed, data_dir=data_dir
    )
    try:
        finding = module.run(setting)
    except Exception as error:  # Kept as its error: see the docstring.
        return Outcome(
            experiment,
            module.TITLE,
            time.perf_counter() - start,
            error=f"{type(error).__name__}: {error}",
        )
    if not isinstance(finding, Finding):
        raise TypeError(
            f"{experiment.path}: run() must return a kzoo.course.Finding. "
            f"Received: {type(finding).__name__}"
        )
    return Outcome(experiment, module.TITLE, time.perf_counter() - start, finding)
