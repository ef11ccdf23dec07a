"""Diagnosis of a trained model's errors, by the course's recipe."""

from kzoo.diagnosis.bias_variance import diagnose as diagnose
from kzoo.diagnosis.bias_variance_text import markdown as markdown
from kzoo.diagnosis.bias_variance_text import summary as summary
from kzoo.diagnosis.divergence import message as divergence_message  # noqa: F401
