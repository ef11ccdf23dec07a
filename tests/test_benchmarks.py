"""`benchmarks/report.py --check`: a BENCHMARKS.md section is current until a
later commit changes the code it names (more than its comments and
docstrings), and unchecked without a commit or code to check."""

import importlib.util
import subprocess

import pytest

from tests.subprocesses import ROOT


def _staleness():
    path = ROOT / "benchmarks" / "staleness.py"
    spec = importlib.util.spec_from_file_location("staleness", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


staleness = _staleness()


def git(repo, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def commit(repo, path, text):
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text)
    git(repo, "add", path)
    git(repo, "commit", "-q", "-m", f"change {path}")
    return git(repo, "rev-parse", "--short", "HEAD")


def section(title, commit=None, measures=None):
    lines = [f"## {title}", "", "- Command: `python x.py`"]
    lines += [f"- Commit: {commit}"] if commit else []
    lines += [f"- Measures: {measures}"] if measures else []
    return "\n".join([*lines, "", "| a | b |", ""])


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    return tmp_path


def test_sections_are_current_until_their_code_changes(repo):
    first = commit(repo, "kzoo/models/mlp.py", "v1")
    commit(repo, "kzoo/plots/curves.py", "v1")
    text = "# Benchmarks\n\n" + "\n".join(
        [
            section("mlp", first, "kzoo/models, recipes/mnist_mlp.py"),
            section("plots", first, "`kzoo/plots`"),
            section("old"),
            section("no code", first),
            section("elsewhere", "0123456789abcdef", "kzoo"),
        ]
    )
    (repo / "BENCHMARKS.md").write_text(text)
    verdicts = {
        v.section.title: v for v in staleness.check(repo / "BENCHMARKS.md", repo)
    }
    assert verdicts["mlp"].state == "current"
    assert verdicts["mlp"].section.measures == ("kzoo/models", "recipes/mnist_mlp.py")
    stale = verdicts["plots"]
    assert stale.state == "stale"
    assert "1 later commit(s) change its code" in stale.why
    assert "change kzoo/plots/curves.py" in stale.why
    assert verdicts["old"].state == "unchecked"
    assert verdicts["old"].why == "it names no commit"
    assert verdicts["no code"].why == "it names no code it measures"
    assert "not in this checkout's history" in verdicts["elsewhere"].why


def test_the_check_fails_unless_every_section_is_current(repo):
    first = commit(repo, "kzoo/a.py", "v1")
    (repo / "BENCHMARKS.md").write_text(section("a", first, "kzoo/a.py"))
    verdicts = staleness.check(repo / "BENCHMARKS.md", repo)
    assert [v.state for v in verdicts] == ["current"]
    commit(repo, "kzoo/a.py", "v2")
    verdicts = staleness.check(repo / "BENCHMARKS.md", repo)
    assert [v.state for v in verdicts] == ["stale"]
    assert verdicts[0].line().startswith("stale      a: 1 later commit(s)")


def test_this_repositorys_sections_all_name_the_code_they_measure():
    text = (ROOT / "BENCHMARKS.md").read_text()
    missing = [s.title for s in staleness.sections(text) if not s.measures]
    assert missing == []


def test_a_section_naming_the_files_its_runs_loaded_ignores_the_others(repo):
    first = commit(repo, "kzoo/training/loop.py", "v1")
    commit(repo, "kzoo/training/device_loop.py", "v1")
    runs = [
        {"kzoo_modules": ["kzoo/training/loop.py", "kzoo/data/mnist.py"]},
        {"kzoo_modules": ["kzoo/training/loop.py", "kzoo/training/feed.py"]},
    ]
    measures = staleness.code_of(runs, fallback=("kzoo/training",))
    line = staleness.compact([*measures, "recipes/mnist_mlp.py"])
    assert line == (
        "kzoo/data/mnist.py, kzoo/training/{feed,loop}.py, recipes/mnist_mlp.py"
    )
    (repo / "BENCHMARKS.md").write_text(section("mlp", first, line))
    commit(repo, "kzoo/training/device_loop.py", "v2")  # Not loaded by the runs.
    [verdict] = staleness.check(repo / "BENCHMARKS.md", repo)
    assert verdict.state == "current"
    assert verdict.section.measures == (
        "kzoo/data/mnist.py",
        "kzoo/training/feed.py",
        "kzoo/training/loop.py",
        "recipes/mnist_mlp.py",
    )
    commit(repo, "kzoo/training/feed.py", "v2")
    [verdict] = staleness.check(repo / "BENCHMARKS.md", repo)
    assert verdict.state == "stale"


def test_runs_that_do_not_list_their_files_fall_back_to_whole_folders():
    runs = [{"kzoo_modules": ["kzoo/a.py"]}, {"dev_accuracy": 0.9}]
    assert staleness.code_of(runs, fallback=("kzoo/training",)) == ("kzoo/training",)


def test_comments_and_docstrings_change_no_figure(repo):
    code = "def f(x):\n    return x + 1\n"
    first = commit(repo, "kzoo/a.py", f'"""A."""\n\n\n{code}')
    (repo / "BENCHMARKS.md").write_text(section("a", first, "kzoo"))
    documented = 'def f(x):\n    """Adds one."""\n    return x + 1  # One.\n'
    commit(repo, "kzoo/a.py", f'"""A, said better."""\n\n\n{documented}')
    [verdict] = staleness.check(repo / "BENCHMARKS.md", repo)
    assert (verdict.state, verdict.why) == ("current", f"measured at {first}")
    commit(repo, "kzoo/a.py", documented.replace("x + 1", "x + 2"))
    [verdict] = staleness.check(repo / "BENCHMARKS.md", repo)
    assert verdict.state == "stale"
    # Both later commits touched the file; the count is of those.
    assert verdict.why.startswith("2 later commit(s) change its code")


def test_a_file_added_to_a_measured_folder_makes_it_stale(repo):
    first = commit(repo, "kzoo/a.py", "x = 1\n")
    (repo / "BENCHMARKS.md").write_text(section("a", first, "kzoo"))
    commit(repo, "kzoo/b.py", '"""Only a docstring."""\n')
    [verdict] = staleness.check(repo / "BENCHMARKS.md", repo)
    assert verdict.state == "stale"
    assert verdict.why.endswith(" change kzoo/b.py")
