"""The layout holds: the layers contract is enforced, and files stay small."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 300


def lint_imports(root, package_parent):
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_layers_contract_is_kept():
    result = lint_imports(ROOT, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    # The same contract on a copy of kzoo whose bottom layer imports the top.
    shutil.copytree(ROOT / "kzoo", tmp_path / "kzoo")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    lines = ["[importlinter]", "root_package = kzoo", "[importlinter:contract:1]"]
    contract = config["importlinter"]["contracts"][0]
    lines += [f"name = {contract['name']}", f"type = {contract['type']}", "layers ="]
    lines += [f"    {layer}" for layer in contract["layers"]]
    (tmp_path / ".importlinter").write_text("\n".join(lines) + "\n")
    with (tmp_path / "kzoo" / "task.py").open("a") as file:
        file.write("\nimport kzoo.training  # noqa: E402, F401\n")
    result = lint_imports(tmp_path, tmp_path)
    assert result.returncode != 0, result.stdout
    assert "kzoo.task -> kzoo.training" in result.stdout


def test_no_module_is_over_300_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "kzoo").rglob("*.py")
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these modules: {long}"
