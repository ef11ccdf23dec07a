"""Where a run's numbers came from: the versions and the kzoo source."""

import subprocess
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
    }


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
