"""What other apps hang on the engine's steps, so that the engine imports
none of them: they connect here from their ``AppConfig.ready()``.

- ``status_moved(case)``: the case started, or its status moved during a
  step (grants, payments, rejections, withdrawals) — the report figures
  follow it.
- ``case_decided(case, status)``: a decision on the case was taken (approved,
  or ended) — the applicant member is told.

Hooks run in the step's transaction, under the flow lock, in the order they
were connected; a hook that raises rolls the step back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """A named list of receivers, called in order with the same arguments."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Callable[..., None]] = []

    def connect(self, receiver: Callable[..., None]) -> Callable[..., None]:
        """Add ``receiver`` once (connecting it again changes nothing)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def disconnect(self, receiver: Callable[..., None]) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def send(self, *args: Any) -> None:
        for receiver in self._receivers:
            receiver(*args)


status_moved = Hook("status_moved")
case_decided = Hook("case_decided")
