"""`Interrupt`: a callback that stops a fit as a crash would, for resume tests."""

import keras


class Interrupt(keras.callbacks.Callback):
    """Stops a fit with an error at the start of one epoch, as a crash would."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise RuntimeError("interrupted")
