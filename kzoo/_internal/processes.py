"""The command that runs a kzoo module in a child Python process.

`python -m MODULE` puts the working directory first on the import path, so
a child started in a kzoo checkout would import the checkout's `kzoo/`
folder rather than the installed package, which alone has `kzoo.recipes`
(pyproject.toml installs `recipes/` there) and may be another version.
The child below drops that entry before importing anything of kzoo (what
Python 3.11's `-P` does, which 3.10 lacks).
"""

import sys

_LAUNCH = (
    "import os, runpy, sys\n"
    # Absent under PYTHONSAFEPATH (or -P): then there is nothing to drop.
    "if sys.path and sys.path[0] in ('', os.getcwd()): sys.path.pop(0)\n"
    "runpy.run_module({module!r}, run_name='__main__', alter_sys=True)"
)


def python_module_command(module, *args):
    """`[python, ..., *args]` that runs `module` as `python -m` would, with
    the installed kzoo whatever the working directory."""
    return [sys.executable, "-c", _LAUNCH.format(module=module), *args]
