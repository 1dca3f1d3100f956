"""The Flask class the service is made of."""

import weakref
from collections.abc import Callable
from typing import Any

from flask import Flask


class ServiceFlask(Flask):
    """Flask, asking once per function whether it is a coroutine.

    Flask asks on every call of every hook and view (ten times a request here, each through
    `inspect`); a function's answer never changes, so it is kept. An `async def` view would
    still be wrapped, by Flask's own method. Weakly kept: a function made per request (an
    `after_this_request` callback) leaves with its request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._made_sync: weakref.WeakKeyDictionary[Callable[..., Any], Callable[..., Any]] = (
            weakref.WeakKeyDictionary()
        )

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        found = self._made_sync.get(func)
        if found is None:
            found = self._made_sync[func] = super().ensure_sync(func)
        return found
