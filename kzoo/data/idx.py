"""Reading and validating IDX files, the format of the original MNIST files.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number
of dimensions), one big-endian int32 per dimension, then the values. Every
field is checked against the file's length, so a truncated or corrupt file
raises an error naming the file and the fault instead of returning garbage.
"""

import gzip
import zlib
from pathlib import Path

import numpy as np

# IDX type code -> big-endian NumPy dtype.
DTYPES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


class IDXError(ValueError):
    """An IDX file that is corrupt, truncated or not what was expected."""


def read_idx(path):
    """Reads an IDX file (optionally gzipped) into a NumPy array.

    Args:
        path: Path to the file; names ending in `.gz` are decompressed.

    Returns:
        A NumPy array of the file's shape, in native byte order.
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise IDXError(f"{path}: not an IDX file (bad magic number {data[:4]!r}).")
    code, ndim = data[2], data[3]
    if code not in DTYPES:
        raise IDXError(f"{path}: unknown IDX type code {code:#04x}.")
    header = 4 + 4 * ndim
    if ndim == 0 or len(data) < header:
        raise IDXError(f"{path}: truncated header ({len(data)} bytes, {ndim} dims).")
    shape = tuple(int(d) for d in np.frombuffer(data, ">u4", ndim, offset=4))
    dtype = DTYPES[code]
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(data) != expected:
        problem = "truncated" if len(data) < expected else "has trailing bytes"
        raise IDXError(
            f"{path}: {problem}: header says shape {shape} ({expected} bytes), "
            f"file has {len(data)} bytes."
        )
    array = np.frombuffer(data, dtype, offset=header).reshape(shape)
    return array.astype(dtype.newbyteorder("="), copy=False)


def _read_bytes(path):
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file.")
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as file:
                return file.read()
        return path.read_bytes()
    except (OSError, EOFError, zlib.error) as error:
        # gzip raises EOFError on a cut-off stream and BadGzipFile (an
        # OSError) on a damaged one.
        raise IDXError(f"{path}: unreadable or corrupt gzip data ({error}).") from error
