"""`run`: a recipe in, a readable run directory out, by the course's loop.

Load MNIST; carve a dev set and a train-dev set from the training images;
build the recipe's model, which normalises its inputs with training
statistics; train with mini-batches (and augmentation, if the recipe asks)
under the monitoring callbacks; evaluate once on the dev and the test set.
The run directory gets `config.json` (the recipe), the `LearningCurves`
files, `bias_variance.{json,md}`, `model.keras` and `metrics.json`.

A rerun into the same directory resumes where a killed run stopped, or says
that the run is finished; see `kzoo.training.run_directory`.
"""

import keras

from kzoo._internal.seeding import seed_everything
from kzoo._internal.validation import invalid
from kzoo.callbacks import (
    BiasVarianceReport,
    EpochSeeds,
    LearningCurves,
    StopOnNonFiniteLoss,
    TrainingTimer,
)
from kzoo.distribution import barrier, evaluate, is_chief, process_index
from kzoo.training import device_loop, distributed, feed
from kzoo.training.model import build_model, build_optimizer
from kzoo.training.options import parse
from kzoo.training.precision import uses_bfloat16
from kzoo.training.provenance import provenance
from kzoo.training.recipe import Recipe
from kzoo.training.recipe_data import recipe_data
from kzoo.training.run_directory import RunDirectory


class TrainingDiverged(RuntimeError):
    """The loss went NaN or Inf; the run directory still holds the reports."""


class TrainingInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the run; its message says where, and how to resume.

    A `KeyboardInterrupt` still, for code that catches those.
    """


def run(recipe, argv=None):
    """Runs `recipe` with the command-line options `argv`; returns the metrics.

    Args:
        recipe: A `Recipe`; `argv` may change its settings (see
            `kzoo train NAME --help`).
        argv: Command-line options, e.g. `["--epochs", "3"]`. Defaults to
            `None`, the process's own arguments.

    Returns:
        The dict written to `metrics.json` (read back from it when the run
        had already finished).

    Raises:
        TrainingDiverged: The loss became NaN or Inf.
        TrainingInterrupted: Ctrl-C (a `KeyboardInterrupt`) stopped the run.
        kzoo.training.RunMismatch: The run directory holds another run.
    """
    if not isinstance(recipe, Recipe):
        raise invalid("recipe", recipe, "must be a kzoo.training.Recipe")
    return train(*parse(recipe, argv))


def train(recipe, options, watch=None):
    """Runs `recipe` with parsed `RunOptions`; returns the metrics, as `run`.

    Args:
        recipe: A `Recipe`, its options applied.
        options: A `kzoo.training.options.RunOptions`.
        watch: Someone watching each epoch, or `None`: a function of
            `(RunDirectory, LearningCurves, BiasVarianceReport)` that returns
            more callbacks, run after kzoo's own (`kzoo babysit`'s
            `Babysitter`). With it, the bias/variance report is measured
            after every epoch, not only at the end. Defaults to `None`.
    """
    distributed.join(options)  # First: before anything uses a device.
    # Checked before the data loads and anything is written.
    build_optimizer(recipe, steps_per_epoch=1)
    distributed.check(options, recipe.batch_size)
    if options.loop == "device":
        device_loop.require_jax()
    directory = RunDirectory(options.out)
    if options.restart and is_chief():
        directory.clear()
    barrier("kzoo: run directory cleared")  # Read by all only after that.
    directory.check_same_run(recipe)
    finished = directory.finished_metrics()
    if finished is not None:
        print(directory.finished_note(recipe.name, finished))
        return finished
    first_epoch = distributed.agreed_epoch(directory.resumed_epoch())
    if first_epoch:
        print(
            f"resuming from epoch {first_epoch + 1} of {recipe.epochs} "
            f"({directory.path})"
        )
    policy = keras.config.dtype_policy()
    if uses_bfloat16(recipe.mixed_precision):
        keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        with distributed.guarded():
            return _train(recipe, options, directory, first_epoch, watch)
    except KeyboardInterrupt:
        raise TrainingInterrupted(_interrupted(directory, recipe.epochs)) from None
    finally:
        keras.config.set_dtype_policy(policy)  # Global: leave it as found.


def _interrupted(directory, epochs):
    """Where Ctrl-C stopped the run, and what the same command does next."""
    done = directory.resumed_epoch()  # The epochs a rerun skips.
    if not directory.backup_dir.is_dir() and directory.has_progress():
        # After fit, which removes its backup, before metrics.json: a rerun
        # cannot resume, and trains again.
        return (
            f"interrupted after training, before the run was saved; run the "
            f"same command again to train it again ({directory.path})"
        )
    return (
        f"interrupted at epoch {done + 1} (of {epochs}); run the same command "
        f"again to resume ({directory.path})"
    )


def _train(recipe, options, directory, first_epoch, watch):
    seed_everything(recipe.seed, recipe.deterministic)
    splits, test, source = recipe_data(recipe, options.data_dir)
    if is_chief():
        directory.write_config(recipe)
    spec, placement = feed.place_augmentation(recipe.augment, recipe.name, options.loop)
    with distributed.scope(options, recipe.batch_size):
        distributed.say_one_device(options)
        model = build_model(
            recipe,
            normalize=splits.train[0],
            steps_per_epoch=feed.steps_per_epoch(
                len(splits.train[0]), recipe.batch_size
            ),
            spec=spec,
        )
        _set_babysat_rate(model, directory, first_epoch)
        timer, guard, curves, before_training = _fit(
            model, recipe, options, splits, spec, directory, first_epoch, watch
        )
        dev_loss, dev_accuracy = _evaluate(model, splits.dev)
        # A search's trials leave the test set alone: only its winner is tested.
        tested = {} if options.skip_test else _tested(model, test)
        spread = distributed.described(options)
    if is_chief():
        model.save(directory.path / "model.keras")
    metrics = {
        **tested,
        "dev_accuracy": dev_accuracy,
        "dev_loss": dev_loss,
        "epochs": recipe.epochs,
        # Fewer when a callback stopped it (a babysitter, a NaN loss).
        "epochs_run": len(curves.history),
        # Steps alone, over every epoch of the run (a resumed one too); the
        # first step of this process (tracing, compilation) apart; and this
        # process's whole fit with validation and monitoring (TrainingTimer).
        "train_seconds": timer.train_seconds,
        "first_step_seconds": timer.first_step_seconds,
        # The device loop compiles its epoch and runs it once on zeros before
        # training (fit: None for both).
        **before_training,
        "loop": options.loop,
        "dtype_policy": model.dtype_policy.name,
        "fit_seconds": timer.fit_seconds,
        "resumed_from_epoch": first_epoch,
        **provenance(),
        "data_source": source,
        "train_examples": len(splits.train[0]),
        "train_dev_examples": len(splits.train_dev[0]) if splits.train_dev else 0,
        "dev_examples": len(splits.dev[0]),
        "test_examples": len(test[0]) if tested else 0,
        "augmentation": placement,
        "stopped": guard.stopped,
        **spread,
    }
    if is_chief():
        directory.write_metrics(metrics)
    if guard.stopped is not None:
        raise TrainingDiverged(f"{guard.message()} Run directory: {directory.path}")
    if not is_chief():  # The chief says how it went.
        print(f"process {process_index()} finished; process 0 wrote the results")
        return metrics
    if tested:
        print(
            f"test accuracy: {tested['test_accuracy']:.2%} (loss "
            f"{tested['test_loss']:.4f}); dev accuracy: {dev_accuracy:.2%}"
        )
    else:
        print(f"dev accuracy: {dev_accuracy:.2%} (the test set is left alone)")
    print(f"run directory: {directory.path}  (kzoo report {directory.path})")
    return metrics


def _set_babysat_rate(model, directory, first_epoch):
    # A resumed babysat run goes on with the rate its babysitter last set.
    rate = directory.learning_rate_at(first_epoch)
    if rate is not None:
        model.optimizer.learning_rate = rate


def _fit(model, recipe, options, splits, spec, directory, first_epoch, watch):
    report = BiasVarianceReport(
        human_error=recipe.human_error,
        train_data=splits.train,
        dev_data=splits.dev,
        train_dev_data=splits.train_dev,
        log_dir=directory.path,
        every_n_epochs=1 if watch else None,
        verbose=options.verbose,
    )
    timer = TrainingTimer(
        initial_train_seconds=directory.train_seconds_before(first_epoch)
    )
    guard = StopOnNonFiniteLoss(verbose=0)
    curves = LearningCurves(directory.path, plot_every=1 if watch else None)
    callbacks = [
        timer,  # First, so the others log its train_seconds.
        distributed.backup(directory.backup_dir),
        # Randomness by (seed, epoch), so a resumed run repeats exactly.
        EpochSeeds(recipe.seed),
        guard,
        report,
        curves,
        *(_watched(watch, directory, curves, report) if watch else ()),
    ]
    if options.loop == "device":
        history = device_loop.fit_on_device(
            model,
            *splits.train,
            batch_size=recipe.batch_size,
            epochs=recipe.epochs,
            validation_data=splits.dev,
            callbacks=callbacks,
            seed=recipe.seed,
            verbose=options.verbose,
        )
        before = {
            "compile_seconds": history.compile_seconds,
            "first_run_seconds": history.first_run_seconds,
        }
        return timer, guard, curves, before
    model.fit(
        **feed.training_data(
            splits.train, recipe.batch_size, spec, recipe.seed, first_epoch
        ),
        epochs=recipe.epochs,
        validation_data=distributed.validation_data(splits.dev),
        callbacks=callbacks,
        verbose=options.verbose,
    )
    return timer, guard, curves, {"compile_seconds": None, "first_run_seconds": None}


def _watched(watch, directory, curves, report):
    # Keras puts its own progress line after every callback: a watcher who
    # asks a question after each epoch would ask it before the epoch's line,
    # whose time would then count the wait for the answer. Given here, the
    # line comes first and times the epoch alone.
    return [keras.callbacks.ProgbarLogger(), *watch(directory, curves, report)]


def _tested(model, test):
    loss, accuracy = _evaluate(model, test)
    return {"test_accuracy": accuracy, "test_loss": loss}


def _evaluate(model, data):
    # Every example once, however many replicas share the batches.
    result = evaluate(model, *data, batch_size=1024)
    return float(result["loss"]), float(result[_accuracy_name(result)])


def _accuracy_name(result):
    # The first metric after the loss: the recipes' models compile accuracy.
    return next(k for k in result if k != "loss")
