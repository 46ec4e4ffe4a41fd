"""Introduced in Chapter 3. History: what ``fit`` returns, one number per epoch."""


class History:
    """What ``fit`` returns, as in Keras.

    ``history`` maps ``"loss"`` (and each metric, and ``"val_loss"``, ``"val_accuracy"``
    when there is validation data) to a list with one number per epoch; ``epoch`` lists
    the epochs, 0, 1, 2, ... The training loss of an epoch is the mean of its batch losses,
    taken while the weights were changing. Explained in Chapter 3.
    """

    def __init__(self):
        self.history = {}
        self.epoch = []

    def record(self, epoch, logs):
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    def __repr__(self):
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"
