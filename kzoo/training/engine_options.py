"""The options that say how the steps run: the loop, and the devices or
processes that share them (`kzoo train` only)."""

import argparse
import dataclasses
import re

from kzoo._internal.validation import check_non_negative_int, check_positive_int
from kzoo.training.option_types import reader
from kzoo.training.settings import parse_int

LOOPS = ("fit", "device")


def add_engine_options(options):
    """Adds the loop and distribution options to the parser `options`."""
    group = options.add_argument_group(
        "engine options",
        "how the steps run: Keras's fit or a loop on the device; data-parallel "
        "over several devices or processes (README: More than one device), "
        "where --batch-size stays the global batch",
    )
    group.add_argument(
        "--loop",
        choices=LOOPS,
        default="fit",
        help="fit: Keras's model.fit; device: the training split on the "
        "device and each epoch one compiled call, with no Python between "
        "steps (JAX only; kzoo.training.fit_on_device) (default: fit)",
    )
    group.add_argument(
        "--distribute",
        choices=("data-parallel",),
        help="data-parallel: a model copy on every device, each taking a "
        "slice of every batch (JAX: keras.distribution.DataParallel; "
        "TensorFlow: tf.distribute.MirroredStrategy)",
    )
    group.add_argument(
        "--devices",
        type=_devices,
        metavar="DEVICE,...",
        help="the devices to use, e.g. gpu:0,gpu:1 (default: all of them; "
        "one device alone is a plain run unless named here); implies "
        "--distribute data-parallel",
    )
    group.add_argument(
        "--coordinator",
        metavar="HOST:PORT",
        help="join a multi-process JAX run (jax.distributed) whose process 0 "
        "listens at HOST:PORT; implies --distribute data-parallel",
    )
    group.add_argument(
        "--num-processes",
        type=reader("num_processes", parse_int, check_positive_int),
        default=1,
        help="how many processes take part (default: 1)",
    )
    group.add_argument(
        "--process-id",
        type=reader("process_id", parse_int, check_non_negative_int),
        default=0,
        help="this process's number, 0 (the chief, which writes the run "
        "directory) to --num-processes - 1 (default: 0)",
    )


def _devices(text):
    names = tuple(name.strip().lower() for name in text.split(","))
    for name in names:
        if not re.fullmatch(r"(cpu|gpu|tpu):\d+", name):
            raise argparse.ArgumentTypeError(
                f"each device must be TYPE:INDEX, e.g. gpu:0. Received: {text!r}"
            )
    return names


def checked(run, options):
    """`run` (RunOptions) with what its options imply, or a one-line error
    for options that do not go together."""
    run = _checked_distribution(run, options)
    if run.loop == "device" and run.distribute is not None:
        options.error(
            "--loop device trains on one device: it does not combine with "
            "--distribute, --devices or --coordinator"
        )
    return run


def _checked_distribution(run, options):
    if run.devices is not None:
        if run.coordinator is not None:
            options.error(
                "--devices is for one process; with --coordinator every "
                "process uses all of its devices"
            )
        run = dataclasses.replace(run, distribute="data-parallel")
    if run.coordinator is None:
        if run.num_processes != 1 or run.process_id != 0:
            options.error("--num-processes and --process-id need --coordinator")
        return run
    if run.num_processes < 2:
        options.error("--coordinator needs --num-processes of 2 or more")
    if run.process_id >= run.num_processes:
        options.error(
            f"argument --process-id: must be below --num-processes "
            f"({run.num_processes}). Received: {run.process_id}"
        )
    return dataclasses.replace(run, distribute="data-parallel")
