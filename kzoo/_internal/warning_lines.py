"""`one_line_warnings`: kzoo's own warnings as one line in its commands.

Python shows a warning with the file, line and source line that raised it,
which helps someone calling kzoo from their own code and is noise after
`kzoo train`: the user ran a command, not kzoo/training/loop.py:133. The
commands show kzoo's warnings as `kzoo: warning: ...`; other packages'
warnings, and warnings charged to the caller's code, keep Python's format.
"""

import os
import warnings
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parent.parent) + os.sep


def one_line_warnings():
    """Formats warnings raised in kzoo's files as one line, from now on."""
    if getattr(warnings.formatwarning, "_kzoo", False):
        return  # Already installed (a command run from another).
    python_format = warnings.formatwarning

    def format_warning(message, category, filename, lineno, line=None):
        if str(Path(filename).resolve()).startswith(_PACKAGE):
            return f"kzoo: warning: {message}\n"
        return python_format(message, category, filename, lineno, line)

    format_warning._kzoo = True
    warnings.formatwarning = format_warning
