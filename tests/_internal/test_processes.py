"""A child kzoo process imports the installed kzoo, not a folder named kzoo
in its working directory (a checkout's, which lacks kzoo.recipes)."""

import subprocess

import kzoo
from kzoo._internal.processes import python_module_command


def test_a_kzoo_folder_in_the_working_directory_is_not_imported(tmp_path):
    shadow = tmp_path / "kzoo"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise SystemExit('the shadow was imported')")
    (shadow / "cli.py").write_text("")
    command = python_module_command("kzoo.cli", "--version")
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kzoo {kzoo.__version__}"
    # While `python -m` does import it: the case the command exists for.
    plain = subprocess.run(
        [command[0], "-m", "kzoo.cli", "--version"], cwd=tmp_path, capture_output=True
    )
    assert b"the shadow was imported" in plain.stderr
