"""pyproject.toml lists every package, so an installed kzoo is complete."""

from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kzoo").rglob("__init__.py")
    }
    # The folders outside kzoo/ that install inside it.
    elsewhere = {
        "kzoo.recipes": "recipes",
        "kzoo.course.experiments": "examples/course",
    }
    assert found | set(elsewhere) == listed
    assert config["package-dir"] == elsewhere
    for folder in elsewhere.values():
        assert (ROOT / folder / "__init__.py").is_file()
