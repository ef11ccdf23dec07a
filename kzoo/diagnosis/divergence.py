"""A diverged run: what happened and what to try, worded once.

`StopOnNonFiniteLoss` says it when it stops training, `BiasVarianceReport`
puts it in place of a verdict (the errors of a broken model say nothing of
bias or variance), and `kzoo train` ends with it.
"""

REMEDIES = [
    "Lower the learning rate (a tenth is a good first try).",
    "Check the inputs and labels for NaN, Inf or wrong scaling.",
    "Clip gradients (`clipnorm=1.0` on the optimizer).",
]


def where(stopped):
    """Where the loss went non-finite, from a dict with `loss`, `epoch` and,
    when known, `batch` and `learning_rate`."""
    text = f"the loss became {stopped['loss']} at epoch {stopped['epoch']}"
    if stopped.get("batch") is not None:
        text += f", batch {stopped['batch']}"
    rate = stopped.get("learning_rate")
    if rate is not None and rate == rate:  # NaN: the rate could not be read.
        text += f" (learning rate {rate:.3g})"
    return text


def message(stopped):
    """One line for people: where training diverged and the first remedies."""
    tries = "; ".join(r.rstrip(".").split(" (")[0].lower() for r in REMEDIES)
    return f"Training stopped: {where(stopped)}. Try: {tries}."


def diverged_report(report, stopped):
    """A bias/variance `report` replaced, where it matters, by the divergence."""
    return {
        **report,
        "diverged": stopped,
        "verdict": f"training diverged: {where(stopped)}, so these errors are of "
        "a broken model",
        "remedies": list(REMEDIES),
    }
