"""`Babysitter`: the course's "panda", one model watched epoch by epoch.

After each epoch it shows where training stands (the epoch's figures, the
best dev error so far, the bias/variance verdict) and then decides, or asks
a person to decide: go on, change the learning rate, or stop. Without a
person, `patience` decides: when the dev error has not improved for
`patience` epochs it halves the learning rate, once; when it again has not improved for
`patience` epochs, it stops. Keras's `ReduceLROnPlateau` and
`EarlyStopping` each do half of that, and neither asks anyone.
"""

import dataclasses
import math

import keras

from kzoo._internal.validation import check_positive_int, invalid
from kzoo.optimizers.learning_rate import current_learning_rate
from kzoo.plots.learning_curves import decision_marks

PROMPT = "go on [Enter], new learning rate [5e-4, x2, /2], or stop [s]? "
# What decides when a person was asked but could not answer (no terminal).
FALLBACK_PATIENCE = 3


@dataclasses.dataclass(frozen=True)
class Decision:
    """What to do after an epoch: `"go"`, `"rate"` (to `learning_rate`) or
    `"stop"`; `by` is `"you"` or `"patience"`, `reason` says why."""

    action: str
    learning_rate: float | None = None
    by: str = "you"
    reason: str = ""


GO = Decision("go")


def read_reply(text, learning_rate):
    """A person's reply to `PROMPT` as a `Decision`, given the current rate.

    Raises:
        ValueError: A reply that is none of these, naming it.
    """
    reply = text.strip().lower()
    if reply in ("", "g", "go"):
        return GO
    if reply in ("s", "stop", "q", "quit"):
        return Decision("stop", reason="you stopped it")
    try:
        if reply[0] in "x*":
            rate = learning_rate * float(reply[1:])
        elif reply[0] == "/":
            rate = learning_rate / float(reply[1:])
        else:
            rate = float(reply)
    except (ValueError, ZeroDivisionError):
        rate = math.nan
    if not (math.isfinite(rate) and rate > 0):
        raise invalid(
            "reply",
            text,
            "must be empty (go on), a learning rate > 0 such as 5e-4, x2 or "
            "/2 (times or over the current one), or s (stop)",
        )
    return Decision("rate", rate, reason="set by you")


class PatienceRule:
    """The dev error's best so far and the epochs since, and what patience
    decides from them (see the module's docs).

    `since_best` counts the epochs since the best; `waited`, those since the
    best or the last change of rate, whichever came later (a new rate gets
    `patience` epochs of its own).
    """

    def __init__(self, patience):
        self.patience = patience
        self.best, self.halved = math.inf, False
        self.waited = self.since_best = 0

    def observe(self, error):
        """Counts an epoch whose dev error is `error`."""
        if error < self.best:
            self.best, self.waited, self.since_best = error, 0, 0
        else:
            self.waited += 1
            self.since_best += 1

    def changed(self, by):
        """A decision changed the rate: give the new one `patience` epochs."""
        self.waited = 0
        self.halved = self.halved or by == "patience"

    def decide(self, learning_rate):
        """The decision after the epoch just observed."""
        if self.waited < self.patience:
            return GO
        stalled = (
            f"dev error not below its best ({self.best:.2%}) for "
            f"{_epochs(self.since_best)}"
        )
        if not self.halved:
            return Decision("rate", learning_rate / 2, "patience", f"{stalled}: halved")
        return Decision("stop", by="patience", reason=f"{stalled}, after halving")


class Babysitter(keras.callbacks.Callback):
    """Shows each epoch's state, and goes on, changes the learning rate or stops.

    Args:
        patience: Epochs without a better dev error before patience halves
            the learning rate (once), then stops; `None` asks a person after each epoch
            (through `ask`), and falls back to patience 3 if no answer can
            come (no terminal). Defaults to `None`.
        monitor: The dev figure: an accuracy (its error is 1 - accuracy) or
            a loss. Defaults to `"val_accuracy"`.
        ask: How a person is asked: a function of the prompt that returns
            the reply text, or raises `EOFError`. Defaults to `input`.
        report: A `BiasVarianceReport` measured every epoch, whose verdict
            is shown, or `None`. Defaults to `None`.
        curves: The run's `LearningCurves`, marked and redrawn where the rate
            changes, and whose history a resumed run replays, or `None`.
            Defaults to `None`.
        decisions: The decisions of the run so far (dicts, see `decisions`),
            for a resumed run. Defaults to `()`.
        on_decision: A function called with each decision's dict (its
            `epoch`, `learning_rate` or `stop`, `by` and `reason`), to
            record it. Defaults to `None`.

    Decisions that were taken are in `self.decisions`. Changing the rate needs a
    constant learning rate: an optimizer under a `LearningRateSchedule`
    raises a ValueError at the first change.
    """

    def __init__(
        self,
        patience=None,
        monitor="val_accuracy",
        ask=input,
        report=None,
        curves=None,
        decisions=(),
        on_decision=None,
    ):
        super().__init__()
        if patience is not None:
            check_positive_int("patience", patience)
        self.patience, self.monitor, self.ask = patience, monitor, ask
        self.report, self.curves = report, curves
        self.decisions, self.on_decision = list(decisions), on_decision
        self.rule = PatienceRule(patience or FALLBACK_PATIENCE)

    def on_train_begin(self, logs=None):
        self._replayed = False
        if self.curves is not None:
            for mark in decision_marks(self.decisions):
                if mark not in self.curves.marks:
                    self.curves.mark(*mark)

    def on_epoch_begin(self, epoch, logs=None):
        if not self._replayed:  # A resumed run: the epochs before this one.
            self._replay(epoch)

    def on_epoch_end(self, epoch, logs=None):
        error = self._error(logs or {})
        self.rule.observe(error)
        rate = current_learning_rate(self.model.optimizer)
        print(self._status(epoch, logs or {}, error, rate), flush=True)
        if epoch + 1 >= self.params.get("epochs", math.inf):
            return  # The last epoch: nothing left to decide.
        decision = self._decide(rate)
        if decision.action != "go":
            self._apply(epoch + 1, decision, rate)

    # === Internals ===

    def _replay(self, epoch):
        self._replayed = True
        by_epoch = {d["epoch"]: d for d in self.decisions}
        rows = self.curves.history if self.curves is not None else []
        for row in sorted(rows, key=lambda r: r["epoch"]):
            if row["epoch"] < epoch and row.get(self.monitor) is not None:
                self.rule.observe(self._error(row))
                if row["epoch"] + 1 in by_epoch:
                    self.rule.changed(by_epoch[row["epoch"] + 1]["by"])

    def _error(self, logs):
        if self.monitor not in logs:
            raise invalid(
                "monitor",
                self.monitor,
                f"must be a figure the epoch logs (it logged {sorted(logs)})",
            )
        value = float(logs[self.monitor])
        return 1 - value if "accuracy" in self.monitor else value

    def _decide(self, rate):
        if self.patience is not None:
            return self.rule.decide(rate)
        while True:
            try:
                reply = self.ask(PROMPT)
            except EOFError:
                self.patience = FALLBACK_PATIENCE
                print(f"(no answer: patience {self.patience} decides from now on)")
                return self.rule.decide(rate)
            try:
                return read_reply(reply, rate)
            except ValueError as error:
                print(error)

    def _apply(self, done, decision, rate):
        record = {"epoch": done, "by": decision.by, "reason": decision.reason}
        if decision.action == "stop":
            self.model.stop_training = True
            record["stop"] = True
            print(f"stopping after epoch {done}: {decision.reason}")
        else:
            self._set_rate(decision.learning_rate)
            record.update(learning_rate=decision.learning_rate, previous=rate)
            self.rule.changed(decision.by)
            new = decision.learning_rate
            print(f"learning rate {rate:.3g} -> {new:.3g} ({_by(record)})")
            if self.curves is not None:
                self.curves.mark(*decision_marks([record])[0])
                self.curves.plot()
        self.decisions.append(record)
        if self.on_decision is not None:
            self.on_decision(record)

    def _set_rate(self, rate):
        try:
            self.model.optimizer.learning_rate = rate
        except TypeError as error:  # Keras: a schedule's rate is not settable.
            raise ValueError(
                f"The babysitter cannot change the learning rate of an optimizer "
                f"under a LearningRateSchedule; use a constant rate ({error})"
            ) from None

    def _status(self, epoch, logs, error, rate):
        of = self.params.get("epochs")
        what = "error" if "accuracy" in self.monitor else self.monitor
        parts = [
            f"epoch {epoch + 1}{f'/{of}' if of else ''}",
            f"dev {what} {_shown(error, what)} (best {_shown(self.rule.best, what)}"
            + (
                f", {_epochs(self.rule.since_best)} ago)"
                if self.rule.since_best
                else ", now)"
            ),
            f"learning rate {rate:.3g}",
        ]
        if "loss" in logs:
            parts.insert(1, f"train loss {float(logs['loss']):.4g}")
        line = " | ".join(parts)
        report = self.report.report if self.report is not None else None
        if report:
            remedy = f" -> {report['remedies'][0]}" if report.get("remedies") else ""
            line += f"\n  bias/variance: {report['verdict']}{remedy}"
        return line


def _epochs(count):
    return f"{count} epoch{'s' * (count != 1)}"


def _shown(value, what):
    return f"{value:.2%}" if what == "error" else f"{value:.4g}"


def _by(record):
    return "your choice" if record["by"] == "you" else record["reason"]
