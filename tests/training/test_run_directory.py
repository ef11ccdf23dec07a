"""`RunDirectory`: same-run checks, restarts and what a resume starts from."""

import dataclasses
import json

import pytest

from kzoo._internal.files import write_csv, write_json
from kzoo.training import Recipe, RunDirectory, RunMismatch

RECIPE = Recipe(name="tiny", model="mlp", batch_size=128, subset=2000, epochs=2)


def trained(path, recipe=RECIPE, epochs_done=1):
    """A directory as a run of `recipe` leaves it after `epochs_done` epochs."""
    directory = RunDirectory(path)
    directory.write_config(recipe)
    rows = [{"epoch": e, "loss": 1.0, "train_seconds": 2.5 * (e + 1)} for e in range(2)]
    write_csv(path / "history.csv", ["epoch", "loss", "train_seconds"], rows)
    write_json(path / "backup" / "training_metadata.json", {"epoch": epochs_done})
    return directory


def test_an_empty_directory_takes_any_run(tmp_path):
    directory = RunDirectory(tmp_path / "new")
    assert directory.path.is_dir()
    directory.check_same_run(RECIPE)
    assert not directory.has_progress()
    assert directory.resumed_epoch() == 0
    assert directory.train_seconds_before(0) == 0.0
    assert directory.finished_metrics() is None


def test_config_json_is_the_recipe_and_reads_back(tmp_path):
    directory = RunDirectory(tmp_path)
    directory.write_config(RECIPE)
    saved = json.loads((tmp_path / "config.json").read_text())
    assert saved == RECIPE.to_json()
    assert Recipe.from_json(saved) == RECIPE


def test_another_run_is_refused_naming_each_difference(tmp_path):
    directory = trained(tmp_path)
    directory.check_same_run(RECIPE)  # The same run: fine.
    other = dataclasses.replace(RECIPE, batch_size=64, model_args={"dropout": 0.1})
    with pytest.raises(RunMismatch) as error:
        directory.check_same_run(other)
    message = str(error.value)
    assert f"{tmp_path} holds another run" in message
    assert "batch_size (--batch-size) is 128 there and 64 now" in message
    assert 'model_args (--model-args) is {} there and {"dropout":0.1} now' in message
    assert "--restart" in message
    assert "--out" in message
    assert "epochs" not in message
    assert "\n" not in message
    # The description is not a setting of the run.
    directory.check_same_run(dataclasses.replace(RECIPE, description="new words"))


def test_a_run_of_another_recipe_is_named_as_such(tmp_path):
    directory = trained(tmp_path)
    other = dataclasses.replace(RECIPE, name="other", epochs=5)
    with pytest.raises(RunMismatch) as error:
        directory.check_same_run(other)
    message = str(error.value)
    assert message.startswith(f"{tmp_path} holds a run of the recipe tiny, not other.")
    assert "--name" not in message  # Not an option a user could pass.
    assert "--restart" in message


def test_a_config_without_training_is_replaced(tmp_path):
    # A run that stopped before its first epoch left only config.json.
    directory = RunDirectory(tmp_path)
    directory.write_config(RECIPE)
    directory.check_same_run(dataclasses.replace(RECIPE, batch_size=64))


@pytest.mark.parametrize("config", [None, "not json", {"name": "tiny", "lr": 1}])
def test_files_of_an_unknown_run_are_refused(tmp_path, config):
    directory = trained(tmp_path)
    if config is None:
        (tmp_path / "config.json").unlink()
    elif isinstance(config, str):
        (tmp_path / "config.json").write_text(config)
    else:
        write_json(tmp_path / "config.json", config)
    with pytest.raises(RunMismatch, match="--restart"):
        directory.check_same_run(RECIPE)


def test_resume_starts_after_the_backups_epoch_with_its_seconds(tmp_path):
    directory = trained(tmp_path, epochs_done=1)
    assert directory.resumed_epoch() == 1
    # history.csv may hold a later epoch than the backup: it does not count.
    assert directory.train_seconds_before(1) == 2.5
    assert directory.train_seconds_before(2) == 5.0
    metadata = tmp_path / "backup" / "training_metadata.json"
    metadata.write_text("{")  # Killed while Keras rewrote it.
    write_json(metadata.with_name(metadata.name + ".bkp"), {"epoch": 2})
    assert directory.resumed_epoch() == 2


def test_clear_removes_the_run_and_nothing_else(tmp_path):
    directory = trained(tmp_path)
    directory.write_metrics({"test_accuracy": 0.5})
    for name in ("batches.csv", "curves.png", "model.keras", "bias_variance.md"):
        (tmp_path / name).write_text("x")
    (tmp_path / "notes.txt").write_text("mine")
    assert directory.finished_metrics() == {"test_accuracy": 0.5}
    directory.clear()
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert not directory.has_progress()


def test_an_unwritable_directory_fails_at_once(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match="Argument `out` must be a writable directory"):
        RunDirectory(tmp_path / "file")
