"""Command-line options of a recipe run."""

import argparse


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit non-zero."""

    def error(self, message):
        # One clear line and a non-zero exit, not a usage dump.
        raise SystemExit(f"{self.prog}: error: {message} (see {self.prog} --help)")
