"""`one_line_warnings`: kzoo's own warnings as one line in its commands."""

import warnings

import pytest

from kzoo._internal import validation, warning_lines


@pytest.fixture
def formatted(monkeypatch):
    monkeypatch.setattr(warnings, "formatwarning", warnings.formatwarning)
    warning_lines.one_line_warnings()
    warning_lines.one_line_warnings()  # Twice: installed once.
    return warnings.formatwarning


def test_a_warning_from_kzoo_is_one_line(formatted):
    text = formatted("all 8,000 are used.", UserWarning, validation.__file__, 12)
    assert text == "kzoo: warning: all 8,000 are used.\n"


def test_other_warnings_keep_pythons_format(formatted):
    # A sibling of kzoo's folder whose name starts the same is not kzoo.
    mine = warning_lines._PACKAGE.rstrip("/\\") + "_fork/train.py"
    text = formatted("careful", DeprecationWarning, mine, 7, line="x = 1")
    assert text.startswith(f"{mine}:7: DeprecationWarning: careful")
    assert "x = 1" in text
