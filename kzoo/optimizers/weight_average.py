"""`keep_weight_average_apart`: an optimizer's `use_ema` made safe on JAX.

At the end of `fit`, Keras 3.15 assigns each averaged array itself to its
weight; on JAX, the next `evaluate` or `fit` donates the weights' arrays to
its compiled step, which deletes the average's too, and saving the model then
fails ("RuntimeError: Array has been deleted"). Copies keep the two apart.
`kzoo.optimizers.get` applies it to the optimizers it makes, and
`kzoo.load_model` to a loaded model's.
"""

import keras


def keep_weight_average_apart(optimizer):
    """Returns `optimizer`, whose weight average survives `fit` on JAX.

    The instance's method is wrapped rather than the class subclassed, so
    that the model saves and loads as a plain Keras optimizer. Other
    backends, and optimizers without `use_ema`, are returned untouched.
    """
    if not getattr(optimizer, "use_ema", False) or keras.backend.backend() != "jax":
        return optimizer
    if getattr(optimizer.finalize_variable_values, "_kzoo_copies", False):
        return optimizer  # Already wrapped.
    finalize = optimizer.finalize_variable_values

    def finalize_into_copies(var_list):
        finalize(var_list)
        for variable in var_list:
            variable.assign(keras.ops.copy(variable.value))

    finalize_into_copies._kzoo_copies = True
    optimizer.finalize_variable_values = finalize_into_copies
    return optimizer
