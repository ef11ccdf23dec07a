"""What one course experiment found: the claim, the numbers, the figure."""

import dataclasses
import math
from pathlib import Path

from kzoo._internal.validation import invalid


@dataclasses.dataclass(frozen=True)
class Finding:
    """The result of one experiment, as the gallery shows it.

    Args:
        claim: The course's claim, in one sentence.
        measured: The numbers this run measured, in one line for people.
        look: One or two sentences on what to look at in the figure.
        holds: Whether this run shows the claimed effect (its direction).
        values: The numbers behind `measured`, by name, for tests and
            `findings.json`.
        figure: The PNG the experiment wrote.
    """

    claim: str
    measured: str
    look: str
    holds: bool
    values: dict
    figure: Path

    def __post_init__(self):
        for name in ("claim", "measured", "look"):
            text = getattr(self, name)
            if not isinstance(text, str) or not text.strip():
                raise invalid(name, text, "must be a non-empty sentence")
        if not isinstance(self.holds, bool):
            raise ValueError(
                "Argument `holds` must be True or False. "
                f"Received: holds={self.holds!r}"
            )
        for key, value in self.values.items():
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(
                    "Argument `values` must map names to finite numbers. "
                    f"Received: values[{key!r}]={value!r}"
                )
        object.__setattr__(self, "figure", Path(self.figure))

    def to_json(self):
        """A JSON-ready dict (the figure as a string)."""
        return {**dataclasses.asdict(self), "figure": str(self.figure)}
