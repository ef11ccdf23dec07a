"""Atomic files: whole or absent, and made with the user's umask."""

import os
import stat

import pytest

from kzoo._internal import files


@pytest.fixture(params=[0o022, 0o002, 0o077], ids=oct)
def umask(request):
    """Sets the process umask for one test, and puts the old one back."""
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_files_get_the_users_umask_not_owner_only(tmp_path, umask):
    written = {
        "text.md": lambda p: files.atomic_write_text(p, "# hi\n"),
        "rows.csv": lambda p: files.write_csv(p, ["a"], [{"a": 1}]),
        "data.json": lambda p: files.write_json(p, {"a": 1}),
    }
    for name, write in written.items():
        write(tmp_path / name)
    (tmp_path / "plain.txt").write_text("as open() makes it")
    expected = 0o666 & ~umask
    assert mode(tmp_path / "plain.txt") == expected
    assert {name: oct(mode(tmp_path / name)) for name in written} == dict.fromkeys(
        written, oct(expected)
    )


def test_a_rewrite_replaces_the_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "metrics.json"
    files.write_json(path, {"epoch": 1})
    files.write_json(path, {"epoch": 2})
    assert files.read_json(path) == {"epoch": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["metrics.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "history.csv"
    files.write_csv(path, ["epoch"], [{"epoch": 0}])

    def fail(fileno):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(OSError, match="disk full"):
        files.write_csv(path, ["epoch"], [{"epoch": 1}])
    assert files.read_csv(path) == [{"epoch": "0"}]
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]
