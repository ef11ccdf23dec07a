"""`mixed_precision="auto"`: bfloat16 only where the hardware has it."""

import pytest

from kzoo.training import precision
from kzoo.training.settings import check_mixed_precision


@pytest.mark.parametrize("setting", [True, False])
def test_an_explicit_setting_is_obeyed(setting):
    assert precision.uses_bfloat16(setting) is setting


def test_auto_follows_the_hardware(monkeypatch):
    for native in (True, False):
        monkeypatch.setattr(precision, "native_bfloat16", lambda n=native: n)
        assert precision.uses_bfloat16("auto") is native


@pytest.mark.parametrize(
    ("flags", "native"),
    [
        ("fpu sse2 avx512f amx_bf16 amx_tile", True),
        ("fpu sse2 avx512f avx512_bf16", True),
        ("fpu sse2 avx2 avx512f", False),
    ],
)
def test_the_cpu_flags_that_mean_bfloat16_units(tmp_path, monkeypatch, flags, native):
    monkeypatch.setattr(precision.sys, "platform", "linux")
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n")
    assert precision._cpu_has_bfloat16(cpuinfo) is native


def test_no_cpuinfo_means_float32(tmp_path, monkeypatch):
    monkeypatch.setattr(precision.sys, "platform", "linux")
    assert precision._cpu_has_bfloat16(tmp_path / "missing") is False
    monkeypatch.setattr(precision.sys, "platform", "darwin")
    assert precision._cpu_has_bfloat16() is False


@pytest.mark.parametrize(
    ("capability", "native"),
    [((8, 0), True), ("9.0", True), ((7, 5), False), ("7.0", False), (None, False)],
)
def test_gpus_from_ampere_on_have_bfloat16(capability, native):
    assert precision._ampere_or_later(capability) is native


def test_this_machine_gets_an_answer():
    # A real probe of this process's devices; either answer is valid.
    assert isinstance(precision.native_bfloat16(), bool)


@pytest.mark.parametrize("value", ["auto", True, False])
def test_the_setting_takes_booleans_and_auto(value):
    assert check_mixed_precision("mixed_precision", value) == value


def test_other_values_are_refused_by_name():
    with pytest.raises(ValueError, match="mixed_precision='yes'"):
        check_mixed_precision("mixed_precision", "yes")
