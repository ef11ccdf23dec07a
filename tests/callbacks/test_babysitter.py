"""Babysitter: a person's replies, the patience rule, and what each changes."""

import keras
import numpy as np
import pytest

from kzoo.callbacks import Babysitter, LearningCurves
from kzoo.callbacks.babysitter import GO, PatienceRule, read_reply
from kzoo.optimizers.learning_rate import current_learning_rate


def compiled(learning_rate=1e-2):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate), loss="mse")
    return model


def drive(sitter, model, dev_accuracies, epochs=None):
    """Runs the hooks as fit would over epochs with these dev accuracies;
    returns the learning rate each epoch trained with."""
    sitter.set_model(model)
    sitter.set_params({"epochs": epochs or len(dev_accuracies) + 1})
    sitter.on_train_begin()
    rates = []
    for epoch, accuracy in enumerate(dev_accuracies):
        rates.append(current_learning_rate(model.optimizer))
        sitter.on_epoch_begin(epoch)
        sitter.on_epoch_end(epoch, {"loss": 0.5, "val_accuracy": accuracy})
        if model.stop_training:
            break
    return rates


@pytest.mark.parametrize(
    ("reply", "action", "rate"),
    [
        ("", "go", None),
        ("  go ", "go", None),
        ("s", "stop", None),
        ("5e-4", "rate", 5e-4),
        ("x2", "rate", 2e-2),
        ("/4", "rate", 2.5e-3),
    ],
)
def test_replies_are_read(reply, action, rate):
    decision = read_reply(reply, learning_rate=1e-2)
    assert decision.action == action
    assert decision.learning_rate == pytest.approx(rate)


@pytest.mark.parametrize("reply", ["fast", "-1", "0", "/0", "x", "nan"])
def test_a_bad_reply_names_itself(reply):
    with pytest.raises(ValueError, match=rf"reply={reply!r}"):
        read_reply(reply, learning_rate=1e-2)


def test_patience_halves_once_then_stops():
    rule = PatienceRule(patience=2)
    decisions = []
    for error in [0.3, 0.2, 0.25, 0.21, 0.22, 0.2, 0.19, 0.3, 0.3]:
        rule.observe(error)
        decision = rule.decide(learning_rate=1.0)
        decisions.append(decision.action)
        if decision.action != "go":
            rule.changed(decision.by)
    # Best 0.2 at epoch 2; epochs 3-4 no better: halve. 5-6 no better (0.2 is
    # not below 0.2): stop.
    assert decisions[:6] == ["go", "go", "go", "rate", "go", "stop"]


def test_the_best_epochs_age_survives_a_change_of_rate():
    rule = PatienceRule(patience=1)
    rule.observe(0.5)  # The best.
    rule.observe(0.6)
    assert rule.decide(learning_rate=1.0).action == "rate"
    rule.changed("patience")
    rule.observe(0.7)
    # The new rate's patience starts afresh; the best is still 2 epochs old.
    assert (rule.waited, rule.since_best) == (1, 2)
    assert "for 2 epochs" in rule.decide(learning_rate=0.5).reason


def test_the_rule_halves_the_optimizer_rate_and_stops_training(tmp_path):
    model = compiled(learning_rate=0.1)
    curves = LearningCurves(tmp_path, live=False)
    recorded = []
    sitter = Babysitter(patience=1, curves=curves, on_decision=recorded.append)
    rates = drive(sitter, model, [0.5, 0.4, 0.6, 0.6, 0.6])
    # Epoch 2 no better: halve; epoch 3 better; epoch 4 no better: stop.
    np.testing.assert_allclose(rates, [0.1, 0.1, 0.05, 0.05], rtol=1e-6)
    assert model.stop_training
    assert [d["epoch"] for d in recorded] == [2, 4]
    assert recorded[0]["learning_rate"] == pytest.approx(0.05)
    assert recorded[0]["previous"] == pytest.approx(0.1)
    assert recorded[0]["by"] == "patience"
    assert recorded[1]["stop"]
    assert "after halving" in recorded[1]["reason"]
    assert sitter.decisions == recorded
    assert curves.marks == [(2.0, "α 0.05 (patience)")]


def test_a_person_sets_the_rate_and_stops(capsys):
    model = compiled(learning_rate=1e-2)
    replies = iter(["what", "x3", "", "s"])
    prompts = []

    def ask(prompt):
        prompts.append(prompt)
        return next(replies)

    sitter = Babysitter(ask=ask)
    rates = drive(sitter, model, [0.5, 0.6, 0.7, 0.8])
    np.testing.assert_allclose(rates, [1e-2, 3e-2, 3e-2], rtol=1e-6)
    assert model.stop_training
    assert len(prompts) == 4
    printed = capsys.readouterr().out
    assert "reply='what'" in printed  # The bad reply, and the question again.
    assert "epoch 2/5 | train loss 0.5 | dev error 40.00% (best 40.00%, now)" in printed
    assert [d.get("stop", False) for d in sitter.decisions] == [False, True]


def test_no_answer_hands_over_to_patience(capsys):
    def ask(prompt):
        raise EOFError

    sitter = Babysitter(ask=ask)
    drive(sitter, compiled(), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    assert sitter.patience == 3
    assert [d["epoch"] for d in sitter.decisions] == [4, 7]
    assert "patience 3 decides from now on" in capsys.readouterr().out


def test_the_last_epoch_asks_nothing():
    def ask(prompt):
        raise AssertionError("asked after the last epoch")

    sitter = Babysitter(ask=ask)
    assert drive(sitter, compiled(), [0.5], epochs=1) == [pytest.approx(1e-2)]
    assert sitter.decisions == []


def test_a_resumed_run_replays_its_epochs(tmp_path):
    # Epochs 1-3 done (the best the first), halved after the third; resumed
    # with patience 2, one more epoch without improvement is not enough...
    curves = LearningCurves(tmp_path, live=False)
    curves.history = [
        {"epoch": e, "val_accuracy": a} for e, a in enumerate([0.9, 0.8, 0.8])
    ]
    halved = {"epoch": 3, "learning_rate": 5e-3, "previous": 1e-2, "by": "patience"}
    sitter = Babysitter(patience=2, curves=curves, decisions=[halved])
    model = compiled(learning_rate=5e-3)
    sitter.set_model(model)
    sitter.set_params({"epochs": 10})
    sitter.on_train_begin()
    sitter.on_epoch_begin(3)
    sitter.on_epoch_end(3, {"val_accuracy": 0.85})
    assert len(sitter.decisions) == 1
    assert curves.marks == [(3.0, "α 0.005 (patience)")]
    # ...and a second one stops: the rate was halved before, so no halving.
    sitter.on_epoch_begin(4)
    sitter.on_epoch_end(4, {"val_accuracy": 0.85})
    assert sitter.decisions[-1]["stop"]
    assert model.stop_training


def test_a_missing_monitor_names_what_was_logged():
    sitter = Babysitter(patience=1, monitor="val_acc")
    with pytest.raises(ValueError, match=r"val_accuracy.*monitor='val_acc'"):
        drive(sitter, compiled(), [0.5])


def test_a_schedule_cannot_be_babysat():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.SGD(schedule), loss="mse")
    sitter = Babysitter(patience=1)
    with pytest.raises(ValueError, match="constant rate"):
        drive(sitter, model, [0.5, 0.4])


def test_patience_must_be_positive():
    with pytest.raises(ValueError, match="patience=0"):
        Babysitter(patience=0)


def test_going_on_changes_nothing():
    assert GO.action == "go"
    assert GO.learning_rate is None
