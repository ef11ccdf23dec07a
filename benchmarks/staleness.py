"""Which sections of BENCHMARKS.md describe code that changed after them.

Each section names the commit it measured (`- Commit: 1a2b3c4`) and the code
whose change would change its figures (`- Measures: kzoo/training/{feed,
loop}.py, recipes/mnist_mlp.py`): the kzoo files its runs loaded (each run's
metrics.json lists them), or, for older sections, whole folders. It is stale
when the code of one of those paths differs at HEAD from the section's commit
(a file added, removed, or changed in more than its comments and docstrings,
which change no figure), and unchecked when it names no commit, no code, or a
commit this checkout does not have. `python benchmarks/report.py
--check` lists them and fails unless every section is current.
"""

import ast
import dataclasses
import functools
import re
import subprocess
from pathlib import Path

# What a recipe's accuracy and time depend on when its runs do not say which
# files they loaded: the training loop and all it builds (the recipe's own
# file is added by the section).
TRAINING = (
    "kzoo/training",
    "kzoo/models",
    "kzoo/layers",
    "kzoo/data",
    "kzoo/augmentation",
    "kzoo/optimizers",
    "kzoo/schedules",
    "kzoo/callbacks",
)


def code_of(runs, fallback):
    """The files that `runs` (metrics.json dicts) loaded, or `fallback` where
    a run predates that record."""
    if not runs or any("kzoo_modules" not in run for run in runs):
        return tuple(fallback)
    return tuple(sorted({path for run in runs for path in run["kzoo_modules"]}))


def compact(paths):
    """`paths` with each folder's files in braces: "kzoo/data/{idx,mnist}.py"."""
    folders = {}
    for path in sorted(set(paths)):
        folder, _, name = path.rpartition("/")
        folders.setdefault(folder, []).append(name)
    parts = []
    for folder, names in folders.items():
        stems = [n[:-3] for n in names if n.endswith(".py")]
        if len(stems) > 1 and len(stems) == len(names):
            parts.append(f"{folder}/{{{','.join(stems)}}}.py")
        else:
            parts.extend(f"{folder}/{n}" if folder else n for n in names)
    return ", ".join(parts)


def expand(measures):
    """The paths of a Measures line, braces expanded (`compact`'s inverse)."""
    paths = []
    for part in re.findall(r"[^,{]+(?:\{[^}]*\}[^,]*)?", measures):
        part = part.strip(" `.")
        braces = re.fullmatch(r"(.*)\{(.*)\}(.*)", part)
        if braces:
            head, names, tail = braces.groups()
            paths.extend(f"{head}{n.strip()}{tail}" for n in names.split(","))
        elif part:
            paths.append(part)
    return tuple(paths)


@dataclasses.dataclass(frozen=True)
class Section:
    title: str
    commit: str | None
    measures: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Verdict:
    section: Section
    state: str  # "current", "stale" or "unchecked"
    why: str

    def line(self):
        return f"{self.state:9}  {self.section.title}: {self.why}"


def sections(text):
    """The `## ` sections of a BENCHMARKS.md text, in order."""
    for part in re.split(r"(?m)^## ", text)[1:]:
        title, _, body = part.partition("\n")
        commit = re.search(r"(?m)^- Commit: `?([0-9a-f]{7,40})\b", body)
        measures = re.search(r"(?m)^- Measures: (.+)$", body)
        yield Section(
            title.strip(),
            commit.group(1) if commit else None,
            expand(measures.group(1)) if measures else (),
        )


def verdict(section, repo):
    """Whether `section`'s figures still describe the code at `repo`'s HEAD."""
    if section.commit is None or not section.measures:
        missing = "commit" if section.commit is None else "code it measures"
        return Verdict(section, "unchecked", f"it names no {missing}")
    if _git(repo, "merge-base", "--is-ancestor", section.commit, "HEAD") is None:
        why = f"commit {section.commit} is not in this checkout's history"
        return Verdict(section, "unchecked", why)
    changed = _changed_code(repo, section.commit, section.measures)
    if changed is None:
        return Verdict(section, "unchecked", "git failed")
    if not changed:
        return Verdict(section, "current", f"measured at {section.commit}")
    # The commits that changed those files, for the reader to look at.
    log = _git(repo, "log", "--format=%h %s", f"{section.commit}..HEAD", "--", *changed)
    commits = (log or "").splitlines() or ["(not found)"]
    newest = commits[0] if len(commits[0]) <= 60 else commits[0][:57] + "..."
    why = f"{len(commits)} later commit(s) change its code, newest {newest}"
    return Verdict(section, "stale", why)


def _changed_code(repo, commit, paths):
    """The files under `paths` whose code differs between `commit` and HEAD
    (or `None` if git fails): Python compared without its comments and
    docstrings, other files byte for byte."""
    before, after = _blobs(repo, commit, paths), _blobs(repo, "HEAD", paths)
    if before is None or after is None:
        return None
    changed = []
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        same = old == new or (
            old
            and new
            and path.endswith(".py")
            and _code(repo, old) == _code(repo, new)
        )
        if not same:
            changed.append(path)
    return changed


def _blobs(repo, commit, paths):
    """`{path: blob id}` of the files under `paths` at `commit`."""
    listing = _git(repo, "ls-tree", "-r", commit, "--", *paths)
    if listing is None:
        return None
    blobs = {}
    for line in listing.splitlines():
        meta, _, path = line.partition("\t")
        blobs[path] = meta.split()[2]
    return blobs


@functools.cache
def _code(repo, blob):
    """A Python file's code: its syntax tree without docstrings (comments
    are not in it), or its text if it does not parse."""
    source = _git(repo, "cat-file", "-p", blob) or ""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    for node in ast.walk(tree):
        if isinstance(node, documented) and node.body and _is_docstring(node.body[0]):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree)


def _is_docstring(statement):
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def check(benchmarks, repo):
    """Every section's verdict, in the file's order."""
    return [verdict(s, repo) for s in sections(Path(benchmarks).read_text())]


def _git(repo, *args):
    result = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else None
