"""`kzoo babysit`: one recipe run, watched after each epoch, its decisions in
config.json and on the curves, resumable."""

import json
import re
import time

import pytest

from kzoo import recipes  # noqa: F401  (registers the recipes)
from kzoo._internal.files import read_csv
from kzoo.cli import main
from kzoo.training import get_recipe
from kzoo.training.loop import TrainingInterrupted
from kzoo.tuning.panda import babysit

SMALL = ["--subset", "1000", "--batch-size", "100", "--verbose", "0"]
MLP = ["--model-args", "hidden_units=[16]"]


def config(out):
    return json.loads((out / "config.json").read_text())


def test_patience_halves_the_rate_once_then_stops(tmp_path, capsys):
    # At a rate of 1e-9 the dev accuracy never changes, so it never improves.
    out = tmp_path / "run"
    argv = [*SMALL, *MLP, "--epochs", "6", "--learning-rate", "1e-9"]
    metrics = babysit(
        get_recipe("mnist_mlp"), [*argv, "--patience", "1", "--out", str(out)]
    )
    decisions = config(out)["babysitting"]["decisions"]
    assert [d["epoch"] for d in decisions] == [2, 3]
    assert decisions[0]["learning_rate"] == 5e-10  # The decimal, not float32's.
    assert decisions[0]["by"] == "patience"
    assert decisions[1]["stop"] is True
    rates = [float(row["learning_rate"]) for row in read_csv(out / "history.csv")]
    assert rates == pytest.approx([1e-9, 1e-9, 5e-10])
    assert metrics["epochs_run"] == 3
    assert metrics["epochs"] == 6
    printed = capsys.readouterr().out
    assert "schedule 'reciprocal' is replaced by a constant 1e-09" in printed
    assert "stopping after epoch 3" in printed
    assert (out / "curves.png").read_bytes()[:4] == b"\x89PNG"
    # Reported, and redrawn with the change marked.
    assert main(["report", str(out)]) == 0
    reported = capsys.readouterr().out
    assert "  recipe: mnist_mlp, 6 epochs, stopped after 3\n" in reported
    assert "babysat (kzoo babysit): decided by patience 1; 2 decisions" in reported
    assert "after epoch 2: learning rate 1e-09 -> 5e-10" in reported


def test_a_person_changes_the_rate_and_an_interrupted_run_resumes(tmp_path):
    out = tmp_path / "run"
    argv = [*SMALL, *MLP, "--epochs", "4", "--out", str(out)]
    replies = iter(["/2", KeyboardInterrupt])

    def ask(prompt):
        reply = next(replies)
        if reply is KeyboardInterrupt:
            raise KeyboardInterrupt  # Ctrl-C at the second question.
        return reply

    with pytest.raises(TrainingInterrupted, match="interrupted at epoch 3"):
        babysit(get_recipe("mnist_mlp"), argv, ask=ask, interactive=True)
    assert len(read_csv(out / "history.csv")) == 2
    # The same command resumes at epoch 3, with the rate the person set.
    metrics = babysit(
        get_recipe("mnist_mlp"), argv, ask=lambda _: "s", interactive=True
    )
    assert metrics["resumed_from_epoch"] == 2
    assert metrics["epochs_run"] == 3
    rates = [float(row["learning_rate"]) for row in read_csv(out / "history.csv")]
    assert rates == pytest.approx([1e-3, 5e-4, 5e-4])
    decisions = config(out)["babysitting"]["decisions"]
    assert [(d["epoch"], d["by"]) for d in decisions] == [(1, "you"), (3, "you")]
    assert decisions[1]["stop"] is True


# Longer than the epoch itself takes (with its compilation) on a loaded
# 2-core machine, where it took 3 s.
WAIT = 8


def test_each_epoch_line_comes_before_the_question_and_leaves_out_the_wait(
    tmp_path, capsys
):
    out = tmp_path / "run"
    argv = ["--subset", "1000", "--batch-size", "100", *MLP, "--epochs", "2"]

    def ask(prompt):
        time.sleep(WAIT)  # A person thinking it over.
        return ""

    babysit(
        get_recipe("mnist_mlp"), [*argv, "--out", str(out)], ask=ask, interactive=True
    )
    lines = capsys.readouterr().out.splitlines()
    keras_line = next(
        i for i, line in enumerate(lines) if re.match(r"\d+/\d+ - ", line)
    )
    status = next(i for i, line in enumerate(lines) if line.startswith("epoch 1/2 |"))
    assert keras_line < status
    seconds = int(lines[keras_line].split(" - ")[1].rstrip("s"))
    assert seconds < WAIT, lines[keras_line]


def test_another_schedule_is_refused(tmp_path):
    argv = [*SMALL, "--schedule", "cosine", "--out", str(tmp_path)]
    with pytest.raises(ValueError, match="schedule='cosine'"):
        babysit(get_recipe("mnist_mlp"), argv)


def test_the_command_explains_its_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["babysit", "mnist_mlp", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "--patience" in text
    assert "runs/mnist_mlp-babysit" in text


def test_a_bad_patience_is_one_line(capsys):
    with pytest.raises(SystemExit, match=r"--patience.*positive integer.*'0'"):
        main(["babysit", "mnist_mlp", "--patience", "0"])
