"""Learning-rate schedules, registered serializable under the package `kzoo`."""

from kzoo.schedules.reciprocal_decay import ReciprocalDecay as ReciprocalDecay
