"""kzoo's version, read by `pyproject.toml` and exposed as `kzoo.__version__`."""

__version__ = "0.1.0"
