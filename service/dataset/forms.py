"""Validated seed files in a form that can be kept and read back exactly: the data
`SeedFile().load` returned, as compressed JSON, with the places of its dates noted."""

import datetime as dt
import functools
import hashlib
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import orjson

import schemas

FORM_FORMAT = 1
# What orjson writes and reads back as the same value; dates and times are noted and rebuilt.
_LEAVES = (str, bool, type(None))
_INT_RANGE = range(-(2**63), 2**64)


class NotStorable(TypeError):
    """The data holds a value that JSON does not give back as it was."""


@functools.cache
def schema_fingerprint() -> str:
    """Names the rules a form was validated under: the seed schemas (every module of the
    schemas package), the parser in front of them, and the libraries both use. A form made
    under other rules is never read as valid."""
    digest = hashlib.sha256(f"form {FORM_FORMAT}\0".encode())
    for package in ("marshmallow", "pyyaml", "orjson"):
        digest.update(f"{package} {version(package)}\0".encode())
    here = Path(__file__).resolve().parent
    modules = sorted(Path(schemas.__file__).resolve().parent.glob("*.py"))
    for path in (*modules, *(here / name for name in ("syntax.py", "parse.py", "forms.py"))):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def encode_form(data: dict[str, Any]) -> bytes:
    """The form of validated `data`; raises NotStorable for a value JSON would change."""
    dates: list[list[Any]] = []
    _note_dates(data, [], dates)
    try:
        text = orjson.dumps({"format": FORM_FORMAT, "dates": dates, "data": data})
    except orjson.JSONEncodeError as error:
        raise NotStorable(str(error)) from None
    return zlib.compress(text, 1)


def decode_form(form: bytes) -> dict[str, Any]:
    """The validated data a form was made of; ValueError when it is not one this code wrote."""
    try:
        decoded = orjson.loads(zlib.decompress(form))
    except (zlib.error, orjson.JSONDecodeError) as error:
        raise ValueError(f"not a validated form: {error}") from None
    if not isinstance(decoded, dict) or decoded.get("format") != FORM_FORMAT:
        raise ValueError("not a validated form of this format")
    data: dict[str, Any] = decoded["data"]
    for kind, path in decoded["dates"]:
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        rebuild = dt.date.fromisoformat if kind == "date" else dt.datetime.fromisoformat
        parent[path[-1]] = rebuild(parent[path[-1]])
    return data


def _note_dates(value: Any, path: list[Any], dates: list[list[Any]]) -> None:
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise NotStorable(f"a key of type {type(key).__name__} at {path}")
            if type(item) not in _LEAVES:
                _note_dates(item, [*path, key], dates)
    elif kind is list:
        for n, item in enumerate(value):
            if type(item) not in _LEAVES:
                _note_dates(item, [*path, n], dates)
    elif kind is dt.date:
        dates.append(["date", path])
    elif kind is dt.datetime:
        dates.append(["datetime", path])
    elif kind is int:
        if value not in _INT_RANGE:
            raise NotStorable(f"an integer beyond 64 bits at {path}")
    elif kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise NotStorable(f"a float that is not finite at {path}")
    elif kind not in _LEAVES:
        raise NotStorable(f"a value of type {kind.__name__} at {path}")
