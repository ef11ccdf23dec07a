"""`RecipeTuner`: KerasTuner's search over a recipe, each trial a kzoo run.

KerasTuner's oracle picks each trial's hyperparameters (random search,
Bayesian optimisation or Hyperband); `RecipeTuner.run_trial` turns them into
the trial's recipe (`SearchSpace.recipe_for`) and trains it with `kzoo
train`'s loop, in a process of its own (see `kzoo.tuning.trial_process`),
into `DIR/trials/<id>/`, so every trial has the files of `kzoo train`
(`history.csv`, `batches.csv`, `curves.png`,
`bias_variance.{json,md}`, `model.keras`, `metrics.json`) and resumes from
its last finished epoch if it was killed. Trials are judged on the dev set
alone (`--skip-test`): the test set is looked at once, for the winner.
"""

import dataclasses
from pathlib import Path

import keras_tuner
from keras_tuner.engine.base_tuner import BaseTuner

from kzoo._internal import files
from kzoo._internal.memory import memory_mb
from kzoo._internal.validation import check_one_of, check_positive_int
from kzoo.tuning.caviar import ORACLES
from kzoo.tuning.trial_process import run_trial

OBJECTIVE = "dev_accuracy"


class RecipeHyperModel(keras_tuner.HyperModel):
    """Builds a trial's `Recipe` (not a model) from its hyperparameters."""

    def __init__(self, space):
        super().__init__(name=space.recipe.name)
        self.space = space

    def build(self, hp):
        recipe = self.space.recipe_for(self.space.declare(hp))
        if "tuner/epochs" in hp.values:  # Hyperband's budget for this trial.
            recipe = dataclasses.replace(recipe, epochs=hp.get("tuner/epochs"))
        return recipe


class RecipeTuner(BaseTuner):
    """Runs each trial of `space` as a kzoo run under `out/trials/`.

    Args:
        space: The `SearchSpace` of a recipe.
        oracle: A KerasTuner `Oracle` (see `make_oracle`).
        out: The search's directory. An existing search there is resumed.
        data_dir: Where MNIST is, for every trial; `None` looks where
            `kzoo.data.load_mnist` does. Defaults to `None`.
        in_process: Train each trial in this process rather than in a child:
            no process start per trial (several seconds: Keras's import),
            but this process grows by what TensorFlow keeps of each trial.
            Defaults to `False`.
    """

    def __init__(self, space, oracle, out, data_dir=None, in_process=False):
        super().__init__(
            oracle=oracle,
            hypermodel=RecipeHyperModel(space),
            directory=str(out),
            project_name="keras_tuner",
            overwrite=False,
        )
        self.out, self.data_dir = Path(out), data_dir
        self.in_process = in_process

    def run_trial(self, trial):
        recipe = self.hypermodel.build(trial.hyperparameters)
        out = trial_dir(self.out, trial.trial_id)
        # One line a trial: a search's progress (a worker's, in its log).
        values = self.hypermodel.space.declare(trial.hyperparameters)
        # Five digits: a beta_2 of 0.99966 is not 1.
        shown = " ".join(f"{k}={v:.5g}" for k, v in values.items())
        print(f"trial {trial.trial_id}: {shown}, in {out}", flush=True)
        argv = ["--out", str(out)]
        argv += ["--verbose", "0", "--skip-test"]
        argv += ["--data-dir", self.data_dir] if self.data_dir else []
        if self.in_process:
            metrics = _run_here(recipe, argv)
        else:  # In a child process, so that the worker's memory stays flat.
            metrics = run_trial(recipe, argv)
        return {OBJECTIVE: metrics["dev_accuracy"], "dev_loss": metrics["dev_loss"]}

    def on_trial_end(self, trial):
        super().on_trial_end(trial)
        # The worker's size after each trial, to show that it stays flat.
        row = {"trial": trial.trial_id, **memory_mb()}
        path = self.out / "logs" / f"memory-{self.tuner_id}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [*files.read_csv(path), row]
        files.write_csv(path, list(row), rows)

    def save_model(self, trial_id, model, step=0):
        """Nothing to do: the trial's run saved `model.keras`."""

    def load_model(self, trial):
        from kzoo.saving import load_model

        return load_model(trial_dir(self.out, trial.trial_id) / "model.keras")


def _run_here(recipe, argv):
    import gc

    import keras

    from kzoo.training import run

    try:
        return run(recipe, argv)
    finally:
        # What Keras keeps of the trial's model goes; what TensorFlow keeps
        # of its traced functions stays (see kzoo.tuning.trial_process).
        keras.backend.clear_session()
        gc.collect()


def trial_dir(out, trial_id):
    """Where trial `trial_id` of the search in `out` runs."""
    return Path(out) / "trials" / str(trial_id)


def make_oracle(kind, trials, recipe, seed=0):
    """KerasTuner's oracle `kind` for `trials` trials, maximising dev accuracy.

    Hyperband takes no count: its brackets train many trials for a few
    epochs and the best for up to the recipe's, so the recipe's epochs set
    how many (`kzoo tune` refuses `--trials` with it).
    """
    check_one_of("oracle", kind, ORACLES)
    trials = check_positive_int("trials", trials)
    objective = keras_tuner.Objective(OBJECTIVE, direction="max")
    if kind == "random":
        return keras_tuner.oracles.RandomSearchOracle(objective, trials, seed=seed)
    if kind == "bayesian":
        return keras_tuner.oracles.BayesianOptimizationOracle(
            objective, trials, seed=seed
        )
    return keras_tuner.oracles.HyperbandOracle(
        objective, max_epochs=recipe.epochs, hyperband_iterations=1, seed=seed
    )
