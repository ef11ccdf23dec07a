"""A search's results: `leaderboard.csv`, ranked on dev accuracy, and the one
look at the test set, for the winner, in `best/`."""

import math
import shutil

from kzoo._internal import files
from kzoo.tuning.search import trial_dir

LEADING = ["rank", "trial", "status", "dev_accuracy", "dev_loss", "best_epoch"]
TRAILING = ["epochs", "seconds"]


def leaderboard(oracle, out):
    """One row per trial, best dev accuracy first; unfinished trials last."""
    rows = [_row(trial, out) for trial in oracle.trials.values()]
    rows.sort(key=lambda row: -_number(row["dev_accuracy"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows


def write_leaderboard(rows, out):
    """Writes `out/leaderboard.csv`; returns its path."""
    names = sorted({key for row in rows for key in row} - {*LEADING, *TRAILING})
    path = files.check_writable_dir("out", out) / "leaderboard.csv"
    files.write_csv(path, [*LEADING, *names, *TRAILING], rows)
    return path


def draw(rows, out, scales):
    """Writes `out/trials.png` (every finished trial's curves, best first) and
    `out/dev_error.png` (dev error against each hyperparameter, on `scales`,
    `{name: Range.scale}`); returns both paths."""
    from kzoo.plots.search import plot_dev_error_by_hyperparameter, plot_trial_curves

    trials = [
        (
            f"#{row['rank']}, trial {row['trial']}: dev {row['dev_accuracy']:.2%}",
            files.read_csv(trial_dir(out, row["trial"]) / "history.csv"),
        )
        for row in rows
        if row["status"] == "COMPLETED"
    ]
    curves = plot_trial_curves(trials, out / "trials.png")
    errors = plot_dev_error_by_hyperparameter(rows, scales, out / "dev_error.png")
    return curves, errors


def evaluate_winner(rows, out, data_dir=None):
    """Tests the best finished trial once; writes `out/best/`; returns its
    metrics (dev and test accuracy, the trial and its hyperparameters)."""
    from kzoo.data import load_mnist
    from kzoo.saving import load_model

    finished = [row for row in rows if row["status"] == "COMPLETED"]
    if not finished:
        raise ValueError(f"no trial of the search in {out} has finished")
    winner = finished[0]
    best = files.check_writable_dir("out", out / "best")
    source = trial_dir(out, winner["trial"])
    for name in ("model.keras", "config.json", "curves.png"):
        if (source / name).is_file():
            shutil.copy2(source / name, best / name)
    _, (x_test, y_test) = load_mnist(data_dir)
    model = load_model(best / "model.keras")
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0, batch_size=1024)[:2]
    metrics = {
        **winner,
        "test_accuracy": float(accuracy),
        "test_loss": float(loss),
        "test_examples": len(x_test),
    }
    files.write_json(best / "metrics.json", metrics)
    return metrics


def _row(trial, out):
    run = trial_dir(out, trial.trial_id)
    done = run / "metrics.json"
    metrics = files.read_json(done) if done.is_file() else {}
    history = files.read_csv(run / "history.csv") if run.is_dir() else []
    dev = [_number(row.get("val_accuracy")) for row in history]
    row = {
        "trial": trial.trial_id,
        "status": str(trial.status),
        "dev_accuracy": metrics.get("dev_accuracy", ""),
        "dev_loss": metrics.get("dev_loss", ""),
        "best_epoch": dev.index(max(dev)) + 1 if dev else "",
        "epochs": len(history),
        "seconds": metrics.get("train_seconds", ""),
    }
    return row | _hyperparameters(trial.hyperparameters.values)


def _hyperparameters(values):
    """The values in the course's terms: beta_1, not one_minus_beta_1."""
    shown = {}
    for name, value in values.items():
        if name.startswith("one_minus_"):
            shown[name.removeprefix("one_minus_")] = 1 - value
        elif not name.startswith("tuner/"):
            shown[name] = value
    return shown


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return -math.inf
    return number if math.isfinite(number) else -math.inf
