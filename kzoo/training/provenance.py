"""Where a run's numbers came from: the versions and the kzoo source."""

import subprocess
import sys
from pathlib import Path

import keras

from kzoo.version import __version__

# The kzoo package itself (kzoo/), whose source a run used.
_PACKAGE = Path(__file__).resolve().parent.parent


def provenance():
    """The backend, the versions of kzoo and Keras, and kzoo's git commit."""
    return {
        "backend": keras.backend.backend(),
        "kzoo_version": __version__,
        "keras_version": keras.__version__,
        "git_commit": git_commit(),
        "kzoo_modules": loaded_modules(),
    }


def loaded_modules():
    """The kzoo source files this process has loaded, as sorted paths in
    kzoo's repository ("kzoo/training/loop.py", "recipes/mnist_mlp.py").

    kzoo loads its modules on first use, so at the end of a `kzoo train`
    process these are the code its figures depend on: a benchmark names them
    as the code it measures, and a later change to one makes them stale.
    """
    roots = {}  # Recipes first: a wheel installs them inside kzoo/.
    recipes = sys.modules.get("kzoo.recipes")
    if getattr(recipes, "__file__", None):
        # The repository's recipes/ folder installs as kzoo.recipes.
        roots[Path(recipes.__file__).resolve().parent] = "recipes"
    roots[_PACKAGE] = "kzoo"
    paths = set()
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None)
        if source and (name == "kzoo" or name.startswith("kzoo.")):
            path = Path(source).resolve()
            for root, prefix in roots.items():
                if path.is_relative_to(root):
                    paths.add(f"{prefix}/{path.relative_to(root).as_posix()}")
                    break
    return sorted(paths)


def git_commit(directory=_PACKAGE):
    """The commit of the git checkout that holds `directory`'s source, or `None`.

    `None` when kzoo is installed from a wheel, when git is missing, or when
    the checkout around it is another project's (kzoo's files are not
    tracked there). Never raises.
    """
    try:
        tracked = _git(directory, "ls-files", "--error-unmatch", "__init__.py")
        return _git(directory, "rev-parse", "HEAD") if tracked is not None else None
    except Exception:  # Provenance is a nicety; it never stops a run.
        return None


def _git(directory, *args):
    result = subprocess.run(
        ["git", *args],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None
