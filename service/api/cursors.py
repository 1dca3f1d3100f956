"""Cursors: where a list's page starts, bound to the list and the query that made it."""

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from webargs.flaskparser import abort

from schemas.query import MAX_CURSOR_LENGTH
from service.errors import shortened

# A cursor is unpadded base64url of a format byte, a check of everything else, then fields of
# one length byte and its bytes: the offset, the dataset version, the path, and each bound
# parameter's name and value. A value is kept whole (b"=" and its UTF-8), so that a refusal can
# say what the cursor was made for, or else as a digest (b"#" and DIGEST_SIZE bytes), so that
# a long query still makes a cursor within MAX_CURSOR_LENGTH. The check is a checksum, not a
# signature (a cursor grants nothing but a page of the list it names): an edited or truncated
# cursor is refused rather than read as a page nobody linked to.
FORMAT = 1  # the unbound cursors of earlier releases were JSON, which starts with "{"
CHECK_SIZE = 6
DIGEST_SIZE = 5
KEPT_MAX = 64  # bytes; an answer echoes no more of a value than this (ECHO_MAX)
PATH = ""  # the path's field name: no parameter is nameless

# The sparse fieldset changes what each item shows, never which items a page holds: a client
# may narrow or widen it between pages. The version is the cursor's own, checked apart.
NOT_BOUND = ("cursor", "fieldset", "version")

Token = str | bytes  # a value kept whole, or its digest


@dataclass(frozen=True)
class Binding:
    """The list a cursor pages and the parameters it pages it by, as the server reads them."""

    path: str
    params: Mapping[str, str]


def binding(path: str, query: Mapping[str, Any]) -> Binding:
    """The binding of a list at `path` asked with `query`, every parameter as parsed (with the
    defaults the list applies): a repeated parameter is a set, since a list filter must match
    each of its values in any order, and `q` is casefolded, as the search compares it."""
    params = {}
    for name, value in query.items():
        if name in NOT_BOUND:
            continue
        if isinstance(value, list):
            value = ",".join(sorted(set(value)))
        elif name == "q":
            value = value.casefold()
        params[name] = str(value)
    return Binding(path, dict(sorted(params.items())))


def encode_cursor(version: str, offset: int, bound: Binding) -> str:
    """The cursor of the page at `offset` of the list `bound` names, in `version` (whose lists
    never change, so an offset stays exact for it). Values are kept whole while the cursor fits
    MAX_CURSOR_LENGTH, the longest parameter's turned to a digest first."""
    values = {PATH: bound.path, **bound.params}
    kept = {name for name, value in values.items() if len(value.encode()) <= KEPT_MAX}
    while True:
        tokens = {name: value if name in kept else _digest(value) for name, value in values.items()}
        cursor = _encoded(version, offset, tokens)
        if len(cursor) <= MAX_CURSOR_LENGTH:
            return cursor
        if not kept:
            raise ValueError(f"a cursor of {bound.path} is over {MAX_CURSOR_LENGTH} characters")
        # The path last: a cursor used on another list is refused naming only the list.
        kept.remove(max(kept, key=lambda name: (name != PATH, len(values[name].encode()), name)))


def decode_cursor(cursor: str, bound: Binding) -> tuple[str, int]:
    """The version and offset of a cursor made for the list `bound` names; 400 for one this
    service did not make and for one made for another list or query, naming what differs."""
    found = _decoded(cursor)
    if found is None:
        refuse_cursor("Not a cursor this service issued.")
    version, offset, made_for = found
    differences = _differences(made_for, bound)
    if differences:
        refuse_cursor(
            f"The cursor belongs to another list or query: {'; '.join(differences)}. "
            "Page with the links of the list you are reading, or start from its first page."
        )
    return version, offset


def cursor_version(cursor: str) -> str | None:
    """The version a cursor this service made names, whatever list it was made for; None for
    anything else (refused by decode_cursor, with its binding)."""
    found = _decoded(cursor)
    return None if found is None else found[0]


def refuse_cursor(reason: str) -> NoReturn:
    """400, naming the cursor and why it is refused."""
    abort(400, messages={"query": {"cursor": [reason]}})


def _differences(made_for: Mapping[str, Token], bound: Binding) -> list[str]:
    """Each way the cursor's binding is not `bound`, in words. For another list, only the
    list: its parameters are another list's, and naming them would not help."""
    path = made_for[PATH]
    if not _matches(path, bound.path):
        made = shortened(path) if isinstance(path, str) else "another list"
        return [f"made for {made}, not {shortened(bound.path)}"]
    found = []
    for name in sorted((set(made_for) - {PATH}) | set(bound.params)):
        token, value = made_for.get(name), bound.params.get(name)
        if token is not None and value is not None and _matches(token, value):
            continue
        if token is None:
            made = f"without {name}"
        elif isinstance(token, str):
            made = f"for {name}={shortened(token)}"
        else:
            made = f"for another {name}"
        given = f"without {name}" if value is None else f"{name}={shortened(value)}"
        found.append(f"made {made}, not {given}")
    return found


def _matches(token: Token, value: str) -> bool:
    return token == value if isinstance(token, str) else token == _digest(value)


def _digest(value: str) -> bytes:
    return hashlib.blake2b(value.encode(), digest_size=DIGEST_SIZE).digest()


def _check(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=CHECK_SIZE, person=b"cursor").digest()


def _encoded(version: str, offset: int, tokens: Mapping[str, Token]) -> str:
    fields = [offset.to_bytes((offset.bit_length() + 7) // 8, "big"), version.encode()]
    for name, token in tokens.items():
        fields.append(name.encode())
        fields.append(b"=" + token.encode() if isinstance(token, str) else b"#" + token)
    body = b"".join(bytes([len(field)]) + field for field in fields)
    raw = bytes([FORMAT]) + _check(body) + body
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _decoded(cursor: str) -> tuple[str, int, dict[str, Token]] | None:
    """(version, offset, binding) of a cursor this service made, else None."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        return None
    # One spelling per cursor: decoding skips characters outside the alphabet and ignores the
    # last character's spare bits, so an edited cursor could otherwise read as its original.
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != cursor:
        return None
    head, body = raw[: 1 + CHECK_SIZE], raw[1 + CHECK_SIZE :]
    if head != bytes([FORMAT]) + _check(body):
        return None
    try:
        offset, version, *named = _fields(body)
        tokens = {
            name.decode(): token[1:].decode() if token[:1] == b"=" else _digest_token(token)
            for name, token in zip(named[::2], named[1::2], strict=True)
        }
        if len(offset) > 8 or PATH not in tokens:
            return None
        return version.decode(), int.from_bytes(offset, "big"), tokens
    except ValueError:  # UnicodeDecodeError and zip's length mismatch included
        return None


def _digest_token(token: bytes) -> bytes:
    if token[:1] != b"#" or len(token) != 1 + DIGEST_SIZE:
        raise ValueError("neither a value nor a digest")
    return token[1:]


def _fields(body: bytes) -> list[bytes]:
    fields, at = [], 0
    while at < len(body):
        end = at + 1 + body[at]
        if end > len(body):
            raise ValueError("a field runs past the end")
        fields.append(body[at + 1 : end])
        at = end
    return fields
