"""Regular expressions that cost more to compile than an import should, compiled when first used.

A character class over (nearly) all of Unicode makes `re` visit every code point in it: about
30 ms of CPU for marshmallow's e-mail domain pattern (`[A-Z0-9\\u00a1-\\uffff]`, ignoring case,
so each one is case-folded too), 5 ms for PyYAML's pattern of printable characters, at import,
in every process that imports them, whether or not it ever checks an address or reads YAML with
the pure-Python reader (libyaml's reader does not use it).
"""

import importlib
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_compile = re.compile
_lock = threading.RLock()


def is_large(pattern: Any) -> bool:
    """Whether the pattern has a character class reaching the end of the Basic Multilingual
    Plane (or past it), which `re` compiles code point by code point."""
    return isinstance(pattern, str) and max(pattern, default="") >= "\uffff"


class PatternOnFirstUse:
    """Stands for `re.compile(pattern, flags)` and is compiled by the first use of any of its
    methods or attributes (match, fullmatch, search, pattern, ...)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # Called only for names the instance lacks: re.Pattern's. Not for special names, which
        # are looked up on types and probed at class creation (ABCMeta's __isabstractmethod__).
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = _compile(*self._source)
        return self._compiled

    def __repr__(self) -> str:
        return f"PatternOnFirstUse({self._source[0]!r}, {self._source[1]!r})"


def _deferring_compile(pattern: Any, flags: int = 0) -> Any:
    if is_large(pattern):
        return PatternOnFirstUse(pattern, int(flags))
    return _compile(pattern, flags)


@contextmanager
def large_patterns_compiled_on_first_use() -> Iterator[None]:
    """While inside, `re.compile` defers large patterns (see `is_large`) to their first use;
    for imports of modules that compile such patterns at import, into module or class
    attributes. Every other pattern is compiled at once, as ever."""
    with _lock:
        previous, re.compile = re.compile, _deferring_compile
        try:
            yield
        finally:
            re.compile = previous


def import_with_large_patterns_deferred(module: str) -> None:
    """Import `module` (a first import only: once imported, nothing is swapped) with
    `large_patterns_compiled_on_first_use`."""
    if module in sys.modules:
        return
    with large_patterns_compiled_on_first_use():
        importlib.import_module(module)
