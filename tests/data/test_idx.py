"""IDX reading: valid files load, every corrupt case names the file and fault."""

import gzip
import struct

import numpy as np
import pytest

from kzoo.data import IDXError, read_idx


def idx_bytes(array, code=0x08):
    header = bytes([0, 0, code, array.ndim]) + struct.pack(
        f">{array.ndim}I", *array.shape
    )
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


@pytest.mark.parametrize("compressed", [True, False])
def test_reads_what_was_written(tmp_path, compressed):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / ("a.idx.gz" if compressed else "a.idx")
    data = idx_bytes(array)
    path.write_bytes(gzip.compress(data) if compressed else data)
    np.testing.assert_array_equal(read_idx(path), array)


def test_reads_big_endian_floats(tmp_path):
    array = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    (tmp_path / "f.idx").write_bytes(idx_bytes(array, code=0x0D))
    np.testing.assert_array_equal(read_idx(tmp_path / "f.idx"), array)


GOOD = idx_bytes(np.zeros((2, 28, 28), np.uint8))


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"\x01\x02\x08\x03" + GOOD[4:], "bad magic number"),
        (GOOD[:2] + b"\x42" + GOOD[3:], "unknown IDX type code 0x42"),
        (GOOD[:10], "truncated header"),
        (GOOD[:-5], r"truncated: header says shape \(2, 28, 28\)"),
        (GOOD + b"xx", "trailing bytes"),
        (b"", "bad magic number"),
    ],
)
def test_corrupt_files_name_file_and_fault(tmp_path, payload, message):
    path = tmp_path / "broken-idx3-ubyte"
    path.write_bytes(payload)
    with pytest.raises(IDXError, match=rf"broken-idx3-ubyte.*{message}"):
        read_idx(path)


def test_cut_off_gzip_is_an_idx_error(tmp_path):
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(GOOD)[:-20])
    with pytest.raises(IDXError, match=r"cut\.gz.*corrupt gzip"):
        read_idx(path)


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nothing\.gz"):
        read_idx(tmp_path / "nothing.gz")
