"""The API's shapes, made from the API schemas' public description: what `schema.dump` returns
for an assembled record, picked out of it in a fraction of the time."""

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from marshmallow import Schema, fields, missing

Shape = Callable[[Any], Any]
# Shapes one present value; given the record too, for a field that serializes it itself.
ValueShape = Callable[[Any, dict[str, Any]], Any]


def shape_of(schema: Schema) -> Shape:
    """What `schema.dump` returns for an assembled record: the schema's fields picked out of
    it, in the schema's order, under the schema's keys, nested records shaped by their own
    schemas; rendering 100,000 partnerships takes seconds where `dump` takes minutes.

    Made from the schema's public description (its dump fields, their keys and nesting).
    Strings, integers and booleans are taken as the record holds them (the seed schemas
    validated them); any other kind of field (a date) serializes its value itself, and so
    does a field absent from the record that marshmallow would not simply leave out.
    tests/test_rendering.py compares every resource of two datasets with `schema.dump`.
    """
    fields_ = [_Field(name, field) for name, field in schema.dump_fields.items()]
    # Records of one type share a few layouts (their keys, in order): each is planned once.
    plans: dict[tuple[str, ...], _Plan] = {}

    def shape(record: Any) -> Any:
        if type(record) is not dict:
            return schema.dump(record)
        layout = tuple(record)
        plan = plans.get(layout)
        if plan is None:
            plan = _Plan(fields_, layout)
            if len(plans) < 1000:
                plans[layout] = plan
        return plan.shape(record)

    return shape


# Field kinds whose value, absent from a dict, marshmallow leaves out when they have no default.
_LOOKED_UP = (
    fields.String,
    fields.Integer,
    fields.Boolean,
    fields.List,
    fields.Nested,
    fields.Date,
    fields.DateTime,
    fields.Dict,
    fields.Url,
)
_AS_IS = (fields.String, fields.Integer, fields.Boolean)


class _Field:
    """One dump field: where its value is, its key, and how a value of it is shaped."""

    def __init__(self, name: str, field: fields.Field[Any]) -> None:
        self.name = name
        self.field = field
        self.source = field.attribute or name
        self.key = field.data_key or name
        self.left_out_when_absent = (
            type(field) in _LOOKED_UP
            and field.dump_default is missing
            and not hasattr(dict, self.source)  # marshmallow would find a dict's attribute
        )
        self.shaped = _value_shape(name, field)

    def serialize(self, record: dict[str, Any]) -> Any:
        return self.field.serialize(self.name, record)


class _Plan:
    """How records of one layout are shaped: their values picked at once, the nested ones
    shaped in turn; a record already in the schema's shape is its own rendering."""

    def __init__(self, fields_: list[_Field], layout: tuple[str, ...]) -> None:
        held = set(layout)
        present = [f for f in fields_ if f.source in held]
        # An absent field is left out, as marshmallow leaves it, unless its field would make
        # a value of nothing (a default): that one is asked each time.
        self.asked = [f for f in fields_ if f.source not in held and not f.left_out_when_absent]
        self.keys = [f.key for f in present]
        self.pick = itemgetter(*[f.source for f in present]) if present else None
        self.reshaped = [(n, f.key, f.shaped) for n, f in enumerate(present) if f.shaped]
        self.single = len(present) == 1
        self.same = (
            layout == tuple(self.keys)
            and all(f.source == f.key for f in present)
            and not self.reshaped
            and not self.asked
        )
        self.fields = fields_

    def shape(self, record: dict[str, Any]) -> Any:
        if self.same:
            return record
        for f in self.asked:
            if f.serialize(record) is not missing:
                return self._by_field(record)
        if self.pick is None:
            return {}
        values = (self.pick(record),) if self.single else self.pick(record)
        out = dict(zip(self.keys, values, strict=True))
        for n, key, shaped in self.reshaped:
            out[key] = shaped(values[n], record)
        return out

    def _by_field(self, record: dict[str, Any]) -> Any:
        """Field by field, in order: a field absent from the record made a value."""
        out = {}
        for f in self.fields:
            if f.source in record:
                value = record[f.source]
                out[f.key] = f.shaped(value, record) if f.shaped else value
            elif (value := f.serialize(record)) is not missing:
                out[f.key] = value
        return out


def _value_shape(name: str, field: fields.Field[Any]) -> ValueShape | None:
    """How a present value of `field` is shaped; None when it is taken as it is."""
    kind = type(field)
    if kind in _AS_IS and not getattr(field, "as_string", False):
        return None
    if kind is fields.List:
        inner: Any = field.inner  # type: ignore[attr-defined]
        if type(inner) in _AS_IS and not getattr(inner, "as_string", False):
            return None
        if type(inner) is fields.Nested and not _picks(inner):
            item = shape_of(inner.schema)
            return lambda value, _: [None if x is None else item(x) for x in value]
    elif kind is fields.Nested and not _picks(field):
        nested = shape_of(field.schema)  # type: ignore[attr-defined]
        return lambda value, _: None if value is None else nested(value)
    return lambda _, record: field.serialize(name, record)


def _picks(field: Any) -> bool:
    """Whether a Nested field repeats or picks fields (many, only, exclude): its own dump."""
    return bool(field.many or field.only or field.exclude)
