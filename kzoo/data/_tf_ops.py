"""The few `keras.ops` that `kzoo.augmentation._warp` uses, written with TensorFlow.

Inside tf.data the Keras backend may be JAX or PyTorch, whose ops cannot run
in a TensorFlow graph (keras issues 18396 and 19895); this namespace lets the
same warp code run there on TensorFlow.
"""

import tensorflow as tf

abs = tf.abs  # Mirrors keras.ops.abs, so it shadows the builtin here.
cos = tf.cos
sin = tf.sin
floor = tf.floor
matmul = tf.matmul
transpose = tf.transpose
expand_dims = tf.expand_dims
reshape = tf.reshape


def arange(n):
    return tf.range(n)


def cast(x, dtype):
    return tf.cast(x, dtype)


def clip(x, low, high):
    return tf.clip_by_value(x, low, high)


def shape(x):
    return tf.shape(x)


def take(x, indices, axis=None):
    return tf.gather(x, indices, axis=axis or 0)


def convert_to_tensor(x, dtype="float32"):
    return tf.convert_to_tensor(x, dtype=dtype)
