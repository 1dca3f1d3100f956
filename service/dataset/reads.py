"""What a resource reads of others, as it is declared (service.dataset.assemble declares each
read beside the assembler that makes it). From the declarations follow the columns the build
graph keeps (service.dataset.graph), the reach of a change (service.dataset.delta) and what an
assembler is handed: only the fields it declared, so a read it does not declare fails in every
build rather than going stale in a build on the previous version.

A read names the type read, the fields of its merged record read (`a`, or `a.b`: field b of
each item of a), or WHOLE for the resource as assembled, and the link that ties reader and
read: a field holding ids, kept by the reader (Forward: an organization named by a
partnership) or by the record read (Backward: an event naming its partnership)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

WHOLE = None  # the fields of a read of the resource as assembled, not of its merged record

# Of each field read, the fields read of its items; None: the field itself.
Shape = Mapping[str, tuple[str, ...] | None]


def shape_of(paths: Iterable[str]) -> dict[str, tuple[str, ...] | None]:
    shape: dict[str, tuple[str, ...] | None] = {}
    for path in paths:
        head, _, sub = path.partition(".")
        subs = shape.get(head, ())
        shape[head] = None if subs is None or not sub else tuple(sorted({*subs, sub}))
    return shape


class UndeclaredRead(KeyError):
    """A field asked of a record that the read does not declare."""


class View(dict[str, Any]):
    """What a read sees of a record (or of an item of one of its fields): the fields it
    declares. Asked for another, it says so: a build on the previous version could not read
    it, since its graph keeps only what the reads declare."""

    def __missing__(self, key: str) -> Any:
        raise UndeclaredRead(
            f"{key!r} is read but not declared (the read declares {', '.join(self)}): "
            "declare it in the assembler's reads (service.dataset.assemble)"
        )


def projected(value: Any, subs: tuple[str, ...] | None) -> Any:
    """A field's value as a read of `subs` sees it."""
    if subs is None or value is None:
        return value
    if isinstance(value, list):
        return [View({sub: item[sub] for sub in subs}) for item in value]
    return View({sub: value[sub] for sub in subs})


def project(record: Mapping[str, Any], shape: Shape) -> View:
    """What a read of `shape` sees of a record: its id and those fields, no others."""
    return View(id=record["id"], **{head: projected(record[head], s) for head, s in shape.items()})


@dataclass(frozen=True)
class Link:
    """A field holding the ids of other records (`a.b`: of each item of a). `filter`: the
    index filter that holds the same ids, which finds the records naming an id without
    reading them all."""

    path: str
    filter: str | None = None

    @property
    def head(self) -> str:
        """The field of the record that holds the link."""
        return self.path.partition(".")[0]

    def ids(self, record: Mapping[str, Any]) -> list[str]:
        head, _, sub = self.path.partition(".")
        value = record[head]
        if sub:
            return [item[sub] for item in value]
        return value if isinstance(value, list) else [] if value is None else [value]


class Forward(Link):
    """A link the reader holds."""


class Backward(Link):
    """A link the record read holds: it names its readers."""


@dataclass(frozen=True)
class Read:
    of: str
    fields: tuple[str, ...] | None
    link: Link
    shape: Shape = field(init=False, compare=False)
    # What of the record read the reader depends on: the fields, and a Backward link (which
    # records name the reader).
    seen: Shape = field(init=False, compare=False)

    def __post_init__(self) -> None:
        extra = (self.link.path,) if isinstance(self.link, Backward) else ()
        object.__setattr__(self, "shape", shape_of(self.fields or ()))
        object.__setattr__(self, "seen", shape_of((*(self.fields or ()), *extra)))

    @property
    def whole(self) -> bool:
        return self.fields is WHOLE

    def holder(self, reader: str) -> str:
        """The type whose records hold the link."""
        return reader if isinstance(self.link, Forward) else self.of


class MissingRecord(LookupError):
    """An id not where it must be: a link to a record neither built nor kept."""

    def __init__(self, rtype: str, rid: str, where: str) -> None:
        super().__init__(f"{rtype.removesuffix('s')} {rid!r} is not in {where}")


class Kept(Protocol):
    """The records a build does not make again (a build on the previous version keeps them):
    the fields other resources read of them, and which of them link to a record."""

    @property
    def published(self) -> Mapping[str, Any]:
        """Every source's date, by its id."""
        ...

    def view(self, rtype: str, rid: str, shape: Shape) -> View: ...

    def linking(self, holder: str, link: Link, rid: str) -> Sequence[str]:
        """The kept `holder` records whose `link` names `rid`."""
        ...
