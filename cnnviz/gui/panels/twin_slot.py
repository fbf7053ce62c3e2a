"""A panel's private twin of the model, made in an event-loop turn of its own after a model change.

Copying a model takes 3 ms (LeNet-5) to 25 ms (DenseNet-121) here. Three
panels copying in the turn that switches the model (a new model, or the start
of a training run) held the GUI thread for all three copies at once. Each slot
instead makes its twin in the next turn, or at once when its panel needs the
twin earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from torch import nn


class TwinSlot(QObject):
    """Holds the twin of the model last given to :meth:`follow`; ``made`` runs after each attempt."""

    def __init__(
        self, make: Callable[[nn.Module], nn.Module], made: Callable[[], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._make, self._made = make, made
        self._source: nn.Module | None = None
        self.twin: nn.Module | None = None
        self.error: str | None = None  # why the last model could not be copied

    @property
    def pending(self) -> bool:
        """True between a model change and the copy."""
        return self._source is not None

    @property
    def usable(self) -> bool:
        """True when there is a twin, or one is about to be made."""
        return self.pending or self.twin is not None

    def follow(self, module: nn.Module) -> None:
        """Drop the old twin; copy ``module`` in the next event-loop turn."""
        self._source, self.twin, self.error = module, None, None
        QTimer.singleShot(0, self, self.get)

    def get(self) -> nn.Module | None:
        """The twin, copied now if still pending; None when the model cannot be copied."""
        source = self._source
        if source is None:
            return self.twin
        self._source = None
        try:
            self.twin = self._make(source)
        except Exception as exc:  # a user model that cannot be copied: the panel says so
            self.twin, self.error = None, f"{type(exc).__name__}: {exc}"
        self._made()
        return self.twin

    def renew(self, module: nn.Module) -> nn.Module | None:
        """Copy ``module`` again now (the original was moved to another device)."""
        self._source = module
        return self.get()


def private_twin(module: nn.Module) -> nn.Module:
    """core's ``private_twin``, imported at first use (torch loads after the window is up)."""
    from cnnviz.core.stepthrough import private_twin as make

    return make(module)
