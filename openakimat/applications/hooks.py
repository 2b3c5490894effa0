"""What apps above the front office may hang on a case's moves, without the front office importing
them: a listener registered with `on_move` is called with the case and the status it moved to,
inside the move's transaction (so what it writes commits or rolls back with the move). The
residents' ratings (feedback) offer a rating by SMS when a case is issued this way."""

from collections.abc import Callable
from typing import Any

Listener = Callable[[Any, str], None]
_listeners: list[Listener] = []


def on_move(listener: Listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def moved(application: Any, status: str) -> None:
    for listener in _listeners:
        listener(application, status)
