"""A recipe's `mixed_precision`: on, off, or "auto", on where bfloat16 is native.

bfloat16 pays where the hardware multiplies in it: NVIDIA GPUs from Ampere
(compute capability 8.0) on, TPUs, and x86 CPUs with AMX or AVX-512 BF16
(Intel Sapphire Rapids, AMD Zen 4 and later). Elsewhere it is emulated, often
slower than float32, so "auto" keeps float32 there. BENCHMARKS.md
("selection mnist_speedrun") times `mnist_speedrun` both ways on a 2-core
AMD EPYC VM with AVX-512 BF16.
"""

import functools
import sys
from pathlib import Path

AUTO = "auto"
# An x86 CPU's /proc/cpuinfo flags that mean bfloat16 matrix units.
_CPU_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})


def uses_bfloat16(setting):
    """Whether a run with `mixed_precision=setting` computes in bfloat16."""
    return native_bfloat16() if setting == AUTO else setting


@functools.cache
def native_bfloat16():
    """Whether this process's accelerators, or else its CPU, compute in bfloat16."""
    # Here: recipes import this module (through settings.py), and `kzoo list`
    # and `--help` should not wait for Keras.
    import keras

    accelerators = _accelerator_capabilities(keras.backend.backend())
    if accelerators:
        return all(accelerators)
    return _cpu_has_bfloat16()


def _accelerator_capabilities(backend):
    """One boolean per GPU or TPU: whether it has bfloat16 units."""
    if backend == "jax":
        import jax

        return [
            d.platform == "tpu" or _ampere_or_later(getattr(d, "compute_capability", 0))
            for d in jax.devices()
            if d.platform != "cpu"
        ]
    if backend == "tensorflow":
        import tensorflow as tf

        return [
            _ampere_or_later(
                tf.config.experimental.get_device_details(gpu).get(
                    "compute_capability", (0, 0)
                )
            )
            for gpu in tf.config.list_physical_devices("GPU")
        ] + [True for _ in tf.config.list_logical_devices("TPU")]
    if backend == "torch":
        import torch

        return [
            torch.cuda.get_device_capability(i)[0] >= 8
            for i in range(torch.cuda.device_count())
        ]
    return []


def _ampere_or_later(capability):
    # TensorFlow gives (8, 0), JAX "8.0".
    if isinstance(capability, str):
        capability = capability.split(".")
    try:
        return int(capability[0]) >= 8
    except (TypeError, ValueError, IndexError):
        return False


def _cpu_has_bfloat16(cpuinfo=Path("/proc/cpuinfo")):
    if not sys.platform.startswith("linux"):
        return False  # No flags to read; float32 is the safe side.
    try:
        text = cpuinfo.read_text()
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            return bool(_CPU_FLAGS & set(line.split(":", 1)[-1].split()))
    return False
