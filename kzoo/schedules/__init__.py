"""Learning-rate schedules: the named ones a recipe picks, and the classes
behind them, registered serializable under the package `kzoo`."""

# Importing the presets registers them.
from kzoo.schedules import presets as presets
from kzoo.schedules._registry import create_schedule as create_schedule
from kzoo.schedules._registry import list_schedules as list_schedules
from kzoo.schedules._registry import register_schedule as register_schedule
from kzoo.schedules._registry import schedule_parameters as schedule_parameters
from kzoo.schedules.reciprocal_decay import ReciprocalDecay as ReciprocalDecay
