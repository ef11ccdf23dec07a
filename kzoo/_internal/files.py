"""Atomic writes of text, CSV and JSON files.

A write goes to a temporary file beside the target, which then replaces it
in one `os.replace`, so a killed process leaves either the old file or the
new one, never half of one. Files get the user's umask, as `open` gives
them, not `tempfile.mkstemp`'s owner-only mode.
"""

import csv
import io
import json
import os
import secrets
import tempfile
from pathlib import Path


def atomic_write_text(path, text):
    """Writes `text` to `path` atomically, creating its directory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    # Mode 0o666 less the umask, as `open(path, "w")` would create it;
    # O_EXCL refuses to write through a file or link already there.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_csv(path, fieldnames, rows):
    """Writes dict `rows` as CSV with a header, atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write_text(path, buffer.getvalue())


def read_csv(path):
    """Returns the rows of a CSV file as dicts of strings; [] if it is absent."""
    path = Path(path)
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def read_json(path):
    """Returns the data of a JSON file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_json(path, data):
    """Writes `data` as indented JSON, atomically."""
    atomic_write_text(
        path, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"
    )


def check_writable_dir(name, path):
    """Creates `path` if needed and checks a file can be written there.

    Called before long work starts, so an unwritable run directory fails at
    once with the argument's name, not after an hour of training.
    """
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ValueError(
            f"Argument `{name}` must be a writable directory ({reason}). "
            f"Received: {name}={str(path)!r}"
        ) from None
    return path
