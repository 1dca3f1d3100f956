"""The Flask class the service is made of."""

import weakref
from collections.abc import Callable
from typing import Any

from flask import Flask
from werkzeug.routing import Rule

Builder = Callable[..., tuple[str, str]]


class RuleBuiltOnUse(Rule):
    """A URL rule whose URL builders are compiled when a URL is first built from it.

    werkzeug writes, parses and compiles two builder functions per rule as the rule is added:
    some 5 ms of start-up for this app's rules, all in the master before any worker can answer,
    for URLs that only url_for builds (the API's own links are written without it). Matching a
    request never uses them. Should werkzeug rename the method, rules compile as they always
    did, only sooner."""

    def _compile_builder(self, append_unknown: bool = True) -> Builder:
        compile_builder = super()._compile_builder
        compiled: Builder | None = None

        def build(rule: Rule, *args: Any, **values: Any) -> tuple[str, str]:
            nonlocal compiled
            if compiled is None:
                compiled = compile_builder(append_unknown)
            return compiled(rule, *args, **values)

        return build


class ServiceFlask(Flask):
    """Flask, asking once per function whether it is a coroutine.

    Flask asks on every call of every hook and view (ten times a request here, each through
    `inspect`); a function's answer never changes, so it is kept. An `async def` view would
    still be wrapped, by Flask's own method. Weakly kept: a function made per request (an
    `after_this_request` callback) leaves with its request."""

    url_rule_class = RuleBuiltOnUse

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
