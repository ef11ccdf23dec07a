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
    assert found | {"kzoo.recipes"} == listed
    assert config["package-dir"] == {"kzoo.recipes": "recipes"}
