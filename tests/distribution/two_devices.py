"""Runs Python with two devices on a one-CPU machine, as a data-parallel
run would see two GPUs.

Usage: python tests/distribution/two_devices.py -c CODE | -m MODULE [ARGS...]

JAX: two host devices (`XLA_FLAGS`, read when JAX starts). TensorFlow: the
CPU split into two logical devices (before TensorFlow starts), which
`tf.distribute.MirroredStrategy` mirrors over like two GPUs.
"""

import os
import runpy
import sys

DEVICES = 2


def split_devices():
    if os.environ.get("KERAS_BACKEND") == "tensorflow":
        import tensorflow as tf

        cpu = tf.config.list_physical_devices("CPU")[0]
        logical = [tf.config.LogicalDeviceConfiguration()] * DEVICES
        tf.config.set_logical_device_configuration(cpu, logical)
    else:
        flag = f"--xla_force_host_platform_device_count={DEVICES}"
        os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {flag}"


def main(argv):
    split_devices()
    mode, target, *rest = argv
    if mode == "-c":
        sys.argv = ["-c", *rest]
        exec(compile(target, "<two_devices -c>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
