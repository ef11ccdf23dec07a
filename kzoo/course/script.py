"""One experiment as a script: `python examples/course/NN_name.py [options]`."""

import argparse
import os
import sys
from pathlib import Path

from kzoo.course.setting import Setting
from kzoo.training.startup import quiet_start_asked, start_keras


def parser(description, name):
    """The options every experiment and `kzoo course` share."""
    from kzoo.training import OneLineParser

    parser = OneLineParser(prog=name, description=description)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small data and few steps (seconds; kzoo's bundled sample, offline)",
    )
    parser.add_argument("--seed", type=_integer, default=0, help="(default: 0)")
    parser.add_argument(
        "--out",
        default="runs/course",
        help="where the figures go (default: runs/course)",
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("KZOO_DATA_DIR"),
        help="a folder with the MNIST IDX files for full runs (default: "
        "KZOO_DATA_DIR, then the Keras cache, TFDS, the bundled sample)",
    )
    return parser


def main(module_name, argv=None):
    """Runs the experiment in module `module_name`, prints what it found and
    returns 0. A script calls `sys.exit(main(__name__))`.

    Keras starts here, with TensorFlow's start-up log hidden, so a script
    imports Keras inside `run`, not at its top."""
    module = sys.modules[module_name]
    name = Path(module.__file__).stem
    args = parser(module.__doc__, f"python {Path(module.__file__).name}").parse_args(
        argv
    )
    setting = Setting(args.out, name, args.quick, args.seed, args.data_dir)
    start_keras(quiet=quiet_start_asked(verbose=0))
    finding = module.run(setting)
    print(describe(module.TITLE, finding))
    return 0


def describe(title, finding):
    """A finding as the lines a terminal shows."""
    verdict = "shown" if finding.holds else "NOT shown in this run"
    return "\n".join(
        [
            f"{title}",
            f"  claim: {finding.claim}",
            f"  measured: {finding.measured}",
            f"  effect: {verdict}",
            f"  figure: {finding.figure}",
        ]
    )


def _integer(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be an integer. Received: {text!r}"
        ) from None
