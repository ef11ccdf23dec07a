"""Runs Python as if TensorFlow were not installed.

Usage: python tests/no_tensorflow.py -c CODE | -m MODULE [ARGS...]

The GPU machines kzoo is checked on have JAX but no TensorFlow, so tests run
kzoo through this launcher to prove it imports and trains there.
"""

import importlib.abc
import runpy
import sys


class BlockTensorFlow(importlib.abc.MetaPathFinder):
    """Fails every import of `tensorflow` or its submodules."""

    def find_spec(self, name, path=None, target=None):
        if name == "tensorflow" or name.startswith("tensorflow."):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None


def main(argv):
    sys.meta_path.insert(0, BlockTensorFlow())
    mode, target, *rest = argv
    if mode == "-c":
        sys.argv = ["-c", *rest]
        exec(compile(target, "<no_tensorflow -c>", "exec"), {"__name__": "__main__"})
    elif mode == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        raise SystemExit(f"usage: {__doc__.splitlines()[2]}")


if __name__ == "__main__":
    main(sys.argv[1:])
