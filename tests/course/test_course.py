"""kzoo.course: the experiments' catalogue, `kzoo course` and its gallery."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kzoo.course import Finding, Setting, list_experiments, run_experiment
from kzoo.course.catalog import Experiment
from kzoo.course.gallery import write_gallery

EXAMPLES = Path(__file__).parents[2] / "examples" / "course"
EXPECTED = 14  # The claims, one experiment each.


def test_every_claim_has_one_numbered_experiment():
    experiments = list_experiments()
    assert [e.number for e in experiments] == list(range(1, EXPECTED + 1))
    for experiment in experiments:
        module = experiment.load()
        assert module.TITLE.strip()
        assert callable(module.run)
        assert module.__doc__.strip(), f"{experiment.name} explains itself"


def test_installed_experiments_are_examples_course():
    # `kzoo course` runs the scripts a student reads, not copies.
    for experiment in list_experiments():
        assert experiment.path.resolve().parent == EXAMPLES.resolve()


def test_kzoo_course_quick_writes_a_gallery_of_every_experiment(course_gallery):
    out, found = course_gallery
    assert len(found) == EXPECTED
    failed = {name: e["error"] for name, e in found.items() if e["error"]}
    assert not failed
    markdown = (out / "index.md").read_text()
    html = (out / "index.html").read_text()
    for name, entry in found.items():
        finding = entry["finding"]
        figure = Path(finding["figure"])
        assert figure.stat().st_size > 5_000, figure
        assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        relative = f"{name}.png"
        assert f"]({relative})" in markdown
        assert f'src="{relative}"' in html
        assert finding["claim"] in markdown
        assert finding["measured"] in markdown
    assert len(re.findall(r"^## \d+\. ", markdown, re.MULTILINE)) == EXPECTED
    assert html.count("<section>") == EXPECTED
    assert "kzoo course --quick" in markdown  # The command that made it.


def test_every_quick_run_shows_its_effect(course_gallery):
    _, found = course_gallery
    not_shown = [name for name, e in found.items() if not e["finding"]["holds"]]
    assert not not_shown


def test_an_experiment_runs_alone_as_a_script(tmp_path):
    script = EXAMPLES / "14_bias_variance_table.py"
    result = subprocess.run(
        [sys.executable, str(script), "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "effect: shown" in result.stdout
    assert (tmp_path / "14_bias_variance_table.png").is_file()
    assert "oneDNN" not in result.stderr  # TensorFlow's start-up log, hidden.


def test_unknown_experiment_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"Received: \['99'\]"):
        list_experiments(["99"])


def test_a_failing_experiment_is_reported_not_hidden(tmp_path):
    script = tmp_path / "99_broken.py"
    script.write_text(
        'TITLE = "Broken"\n\ndef run(setting):\n    raise RuntimeError("no data")\n'
    )
    outcome = run_experiment(Experiment(99, "99_broken", script), tmp_path)
    assert outcome.error == "RuntimeError: no data"
    index = write_gallery([outcome], tmp_path, [("seed", 0)])
    assert "**Failed**" in index.read_text()
    assert (
        json.loads((tmp_path / "findings.json").read_text())["experiments"][0]["error"]
        == "RuntimeError: no data"
    )


def test_cli_exits_non_zero_when_an_experiment_fails(tmp_path, monkeypatch):
    from kzoo import cli
    from kzoo.course import course

    broken = tmp_path / "99_broken.py"
    broken.write_text('TITLE = "B"\n\ndef run(setting):\n    raise ValueError("x")\n')
    monkeypatch.setattr(
        course, "list_experiments", lambda only: [Experiment(99, "99_broken", broken)]
    )
    with pytest.raises(SystemExit, match="failed: 99_broken"):
        cli.main(["course", "--quick", "--out", str(tmp_path / "gallery")])


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("claim", " ", "`claim` must be a non-empty.*Received: claim=' '"),
        ("look", None, "`look` must be a non-empty.*Received: look=None"),
        ("holds", 1, "Received: holds=1"),
        ("values", {"x": float("nan")}, r"values\['x'\]=nan"),
    ],
)
def test_finding_refuses_what_a_gallery_cannot_show(field, value, match):
    good = {"claim": "c", "measured": "m", "look": "l", "holds": True}
    good |= {"values": {}, "figure": "f"}
    with pytest.raises(ValueError, match=match):
        Finding(**{**good, field: value})


def test_setting_refuses_a_non_integer_seed(tmp_path):
    with pytest.raises(ValueError, match="Received: seed='1'"):
        Setting(tmp_path, seed="1")


def test_quick_data_are_disjoint_and_seeded(tmp_path):
    (x, _y), (x_dev, _y_dev) = Setting(tmp_path, quick=True, seed=3).mnist(200, 50)
    assert x.shape == (200, 784)
    assert x_dev.shape == (50, 784)
    assert x.min() >= 0.0
    assert x.max() <= 1.0
    rows = {row.tobytes() for row in x}
    assert not any(row.tobytes() in rows for row in x_dev)
    (again, _), _ = Setting(tmp_path, quick=True, seed=3).mnist(200, 50)
    (other, _), _ = Setting(tmp_path, quick=True, seed=4).mnist(200, 50)
    assert (again == x).all()
    assert not (other == x).all()
    with pytest.raises(ValueError, match="train=9000, dev=0"):
        Setting(tmp_path, quick=True).mnist(9000, 0)


def test_cli_names_a_wrong_option_before_starting_keras():
    result = subprocess.run(
        [sys.executable, "-m", "kzoo.cli", "course", "--only", "99"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("kzoo course: error: --only must name")
    assert "oneDNN" not in result.stderr  # Keras (TensorFlow) never started.
