"""`kzoo report`: what a run directory holds, for people, and its curves redrawn."""

from kzoo._internal.files import read_csv, read_json
from kzoo.diagnosis import summary
from kzoo.diagnosis.divergence import where
from kzoo.plots import plot_learning_curves
from kzoo.plots.learning_curves import decision_marks


def print_report(run_dir):
    """Prints what `run_dir` holds, finished or not, and redraws curves.png.

    Raises:
        SystemExit: `run_dir` holds no run (one line for the command line).
    """
    history = read_csv(run_dir / "history.csv")
    found = {name: run_dir / name for name in ("metrics.json", "config.json")}
    found = {name: read_json(path) for name, path in found.items() if path.is_file()}
    if not found and not history:
        raise SystemExit(
            f"kzoo: error: {run_dir} is not a run directory (no metrics.json, "
            "config.json or history.csv)"
        )
    config, metrics = found.get("config.json", {}), found.get("metrics.json")
    epochs = (metrics or config).get("epochs")
    bias_variance = run_dir / "bias_variance.json"
    report = read_json(bias_variance) if bias_variance.is_file() else None
    print(f"run directory: {run_dir}")
    if config:
        print(f"  recipe: {config['name']}, {_epochs(epochs, metrics)}")
    babysat = config.get("babysitting")
    if metrics is None:
        name = config.get("name", "RECIPE")
        command = "babysit" if babysat is not None else "train"
        print(
            f"  not finished: {len(history)} of {epochs or '?'} epochs done. If it "
            f"is not training now, the same `kzoo {command} {name}` command "
            "resumes it."
        )
        if history:
            print(f"  epoch {len(history)}: {_epoch_figures(history[-1])}")
    else:
        for line in _finished(metrics, config):
            print(f"  {line}")
        if metrics.get("stopped"):
            print(f"  stopped: {where(metrics['stopped'])}")
    decisions = (babysat or {}).get("decisions", [])
    if babysat is not None:
        patience = babysat.get("patience")
        how = f"patience {patience}" if patience else "you"
        taken = f"{len(decisions)} decision{'s' * (len(decisions) != 1)}"
        print(f"  babysat (kzoo babysit): decided by {how}; {taken}")
    for decision in decisions:
        print(f"  {_decision(decision)}")
    if report is not None:
        print(summary(report))
    if history:
        path = plot_learning_curves(
            history,
            read_csv(run_dir / "batches.csv"),
            run_dir / "curves.png",
            marks=decision_marks(decisions),
        )
        print(f"curves: {path}")


def _epochs(epochs, metrics):
    """The epochs asked for, and where a finished run stopped short of them
    (babysitting, or a non-finite loss)."""
    text = f"{epochs} epoch{'s' * (epochs != 1)}"
    run = (metrics or {}).get("epochs_run")
    if run is not None and epochs is not None and run < epochs:
        text += f", stopped after {run}"
    return text


def _decision(decision):
    """A babysitting decision from config.json, for people."""
    after = f"after epoch {decision['epoch']}"
    if decision.get("stop"):
        return f"{after}: stopped ({decision['reason']})"
    return (
        f"{after}: learning rate {decision['previous']:.3g} -> "
        f"{decision['learning_rate']:.3g} ({decision['reason']})"
    )


def _finished(metrics, config):
    """The lines on a finished run: data, sizes, accuracy, time, versions."""
    source, subset = metrics.get("data_source"), config.get("subset")
    if source == "kzoo's bundled sample":
        data = "kzoo's bundled sample, not full MNIST (not comparable with "
        data += "published figures)"
    elif source is not None:
        full = metrics.get("test_examples") == 10_000 and not subset
        data = f"{'full ' if full else ''}MNIST from {source}"
    else:
        data = "not recorded"
    sizes = [
        (metrics.get("train_examples"), "train"),
        (metrics.get("train_dev_examples"), "train-dev"),
        (metrics.get("dev_examples"), "dev"),
        (metrics.get("test_examples"), "test"),
    ]
    # Train, train-dev and dev are cut from the training images.
    used = sum(n or 0 for n, split in sizes if split != "test")
    if subset and used and subset > used:
        data += f"; all {used:,} training images (--subset {subset:,} asked for more)"
    elif subset:
        data += f"; the first {subset:,} training images (--subset)"
    lines = [f"data: {data}"]
    if any(n for n, _ in sizes):
        lines.append("examples: " + ", ".join(f"{n:,} {s}" for n, s in sizes if n))
    for split in ("test", "dev"):
        if f"{split}_accuracy" in metrics:
            lines.append(
                f"{split} accuracy: {metrics[f'{split}_accuracy']:.2%} "
                f"(loss {metrics[f'{split}_loss']:.4g})"
            )
    if "train_seconds" in metrics:
        time = f"time: {_seconds(metrics['train_seconds'])} of training steps"
        if metrics.get("first_step_seconds") is not None:
            time += f", first step {_seconds(metrics['first_step_seconds'])}"
        if metrics.get("compile_seconds") is not None:  # The device loop.
            time += f", compiling the epoch {_seconds(metrics['compile_seconds'])}"
        if metrics.get("first_run_seconds") is not None:
            time += f", its first run {_seconds(metrics['first_run_seconds'])}"
        if metrics.get("fit_seconds") is not None:
            resumed = " (since the resume)" if metrics.get("resumed_from_epoch") else ""
            after = " after them" if metrics.get("compile_seconds") is not None else ""
            time += f", whole fit{after} {_seconds(metrics['fit_seconds'])}{resumed}"
        lines.append(time)
    if "backend" in metrics:
        versions = [
            f"{name} {metrics[key]}"
            for name, key in (("kzoo", "kzoo_version"), ("keras", "keras_version"))
            if metrics.get(key)
        ]
        if metrics.get("git_commit"):
            versions.append(f"commit {metrics['git_commit'][:7]}")
        lines.append(f"backend: {metrics['backend']} ({', '.join(versions)})")
    how = [f"{metrics['loop']} loop"] if metrics.get("loop") else []
    if metrics.get("dtype_policy"):
        how.append(f"dtype policy {metrics['dtype_policy']}")
    if how:
        lines.append("training: " + ", ".join(how))
    return lines


def _epoch_figures(row):
    """An epoch's figures from its history.csv row, for people."""
    shown = []
    for key, label in (
        ("loss", "loss"),
        ("accuracy", "accuracy"),
        ("val_loss", "dev loss"),
        ("val_accuracy", "dev accuracy"),
        ("learning_rate", "learning rate"),
        ("train_seconds", "training steps"),
    ):
        if row.get(key) not in (None, ""):
            value = float(row[key])
            if key.endswith("accuracy"):
                shown.append(f"{label} {value:.2%}")
            elif key == "train_seconds":
                shown.append(f"{label} {_seconds(value)}")
            else:
                shown.append(f"{label} {value:.4g}")
    return ", ".join(shown)


def _seconds(seconds):
    """Seconds rounded as people read them: 1.7 s, 42 s, 12 min 5 s."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"
