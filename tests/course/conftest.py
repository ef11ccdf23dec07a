"""The course's experiments in quick mode, each run once per seed.

`kzoo course --quick` runs all of them for seed 0 (test_course.py checks the
gallery it writes); the experiments' own tests read those findings for seed
0 and run seed 1 themselves, so that every effect is asserted on two seeds
and no experiment runs twice for the same seed.
"""

import pytest

from kzoo.cli import main
from kzoo.course import list_experiments, run_experiment
from kzoo.course.catalog import Outcome  # noqa: F401  (the fixtures' type)

SEEDS = (0, 1)


@pytest.fixture(scope="session")
def course_gallery(tmp_path_factory):
    """`kzoo course --quick` for seed 0: its folder and outcomes by name."""
    import json

    out = tmp_path_factory.mktemp("course")
    main(["course", "--quick", "--out", str(out), "--seed", "0"])
    found = json.loads((out / "findings.json").read_text())
    return out, {entry["name"]: entry for entry in found["experiments"]}


@pytest.fixture(scope="session")
def course_finding(course_gallery, tmp_path_factory):
    """`course_finding(name, seed)`: the experiment's quick finding values
    and figure for `seed`, from the gallery for seed 0, run here otherwise."""
    cache = {}

    def find(name, seed):
        if seed == 0:
            entry = course_gallery[1][name]
            assert entry["error"] is None, entry["error"]
            return entry["finding"]
        if (name, seed) not in cache:
            (experiment,) = list_experiments([name])
            out = tmp_path_factory.mktemp(f"course_seed{seed}")
            outcome = run_experiment(experiment, out, quick=True, seed=seed)
            assert outcome.error is None, outcome.error
            cache[name, seed] = outcome.finding.to_json()
        return cache[name, seed]

    return find
