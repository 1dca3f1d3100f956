"""Marshmallow schemas compiled to plain functions, for loading and dumping at scale.

`Schema.load` costs tens of microseconds per field (error stores, hooks, getters), which is
minutes for a folder of 100,000 partnerships. The compiled form walks the schema's own fields
once, ahead of time, and checks each value with the field's own validators. It only ever
says yes: anything it is not certain of (a wrong type, a failed validator, a field kind it
does not know) goes to marshmallow itself, which loads it or words the errors exactly as
before. So the schemas stay the one definition of a valid seed, and of the API's shapes.
"""

from collections.abc import Callable
from typing import Any

from marshmallow import RAISE, Schema, fields, missing, validate
from marshmallow.decorators import VALIDATES_SCHEMA

Load = Callable[[Any], Any]
Dump = Callable[[Any], Any]


class Unsupported(Exception):
    """The schema uses something the compiled form does not reproduce exactly."""


class Rejected(Exception):
    """The compiled check is not sure of this value: marshmallow decides."""


def loader(schema: Schema, compile_from: int = 2) -> Load:
    """`schema.load`, fast for valid data; marshmallow loads (or refuses) everything else.

    Compiled on its `compile_from`-th use: compiling costs about as much as marshmallow loading
    a seed file, so a dataset of one file (the bundled seeds, at every start-up) never pays it.
    """

    def compile_guarded() -> Load:
        fast = compile_load(schema)

        def load(data: Any) -> Any:
            try:
                return fast(data)
            except Exception:  # whatever the cause, marshmallow gives the verdict
                return schema.load(data)

        return load

    return _compiled_on_use(schema.load, compile_guarded, compile_from)


def dumper(schema: Schema, compile_from: int = 200) -> Dump:
    """`schema.dump`: plain key picking where a field's dump is the value itself. Compiled on
    its `compile_from`-th use, for the same reason as `loader`, at the scale of one item."""
    return _compiled_on_use(schema.dump, lambda: compile_dump(schema), compile_from)


def _compiled_on_use(
    slow: Callable[[Any], Any], compile: Callable[[], Callable[[Any], Any]], compile_from: int
) -> Callable[[Any], Any]:
    """`slow` for the first uses, then what `compile` makes (`slow` still, if unsupported)."""
    fast: Callable[[Any], Any] | None = None
    uses = 0

    def call(value: Any) -> Any:
        nonlocal fast, uses
        if fast is None:
            uses += 1
            if uses < compile_from:
                return slow(value)
            try:
                fast = compile()
            except Unsupported:
                fast = slow
        return fast(value)

    return call


# -- loading -----------------------------------------------------------------------------------


def _check_plain(schema: Schema, *, allowed_hooks: tuple[str, ...]) -> None:
    if schema.many or schema.partial or schema.only is not None or schema.exclude:
        raise Unsupported(f"{type(schema).__name__}: many, partial, only or exclude")
    hooks = getattr(type(schema), "_hooks", {})
    if any(entries for kind, entries in hooks.items() if kind not in allowed_hooks):
        raise Unsupported(f"{type(schema).__name__}: processing hooks")


def compile_load(schema: Schema) -> Load:
    """The schema's load as one generated function, a statement per field, with string
    fields (most of a seed) checked inline rather than by a call each."""
    _check_plain(schema, allowed_hooks=(VALIDATES_SCHEMA,))
    if schema.unknown != RAISE:
        raise Unsupported(f"{type(schema).__name__}: unknown={schema.unknown}")
    names: dict[str, Any] = {"missing": missing, "Rejected": Rejected, "RAISE": RAISE}
    lines = ["def load(data):"]
    keys = []
    for n, (attr_name, field) in enumerate(schema.load_fields.items()):
        key = field.data_key if field.data_key is not None else attr_name
        attribute = field.attribute or attr_name
        if "." in attribute:
            raise Unsupported(f"{attr_name}: dotted attribute")
        keys.append(key)
        if field.pre_load or field.post_load:
            raise Unsupported(f"{field.name}: field processors")
        lines += [f"    v = data.get({key!r}, missing)", "    if v is missing:"]
        default = field.load_default
        if field.required:
            lines.append("        raise Rejected")
        elif default is missing:
            lines.append("        pass")
        else:
            names[f"default_{n}"] = default
            lines.append(
                f"        out[{attribute!r}] = default_{n}{'()' if callable(default) else ''}"
            )
        lines.append("    else:")
        if type(field) is fields.String:
            lines += [f"        {line}" for line in _string_checks(n, field, names)]
            lines.append(f"        out[{attribute!r}] = v")
        elif type(field) is fields.List:
            lines += [f"        {line}" for line in _list_checks(n, field, names)]
            lines.append(f"        out[{attribute!r}] = v")
        else:
            names[f"load_{n}"] = _field_loader(field)
            lines.append(f"        out[{attribute!r}] = load_{n}(v)")
    for n, (name, many, options) in enumerate(type(schema)._hooks[VALIDATES_SCHEMA]):
        if many or options.get("pass_original"):
            raise Unsupported(f"{type(schema).__name__}.{name}: collection or original data")
        names[f"validate_{n}"] = getattr(schema, name)
        lines.append(f"    validate_{n}(out, partial=None, many=False, unknown=RAISE)")
    lines.append("    return out")
    names["known"] = frozenset(keys)
    lines[1:1] = [
        "    if type(data) is not dict or not known.issuperset(data):",
        "        raise Rejected",
        "    out = {}",
    ]
    exec("\n".join(lines), names)  # nosec B102 -- the code is made here, from field names
    compiled: Load = names["load"]
    return compiled


def _string_checks(n: int, field: fields.Field[Any], names: dict[str, Any]) -> list[str]:
    """Statements refusing `v` where the string loader of field `n` would."""
    shortest, longest, choices, others = _string_rules(field)
    lines = ["if type(v) is not str:"]
    if field.allow_none:
        lines += ["    if v is not None:", "        raise Rejected"]
    else:
        lines += ["    raise Rejected"]
    if shortest > 0 or longest != float("inf"):
        names[f"shortest_{n}"], names[f"longest_{n}"] = shortest, longest
        lines += [f"elif not shortest_{n} <= len(v) <= longest_{n}:", "    raise Rejected"]
    if choices is not None:
        names[f"choices_{n}"] = choices
        lines += [f"elif v not in choices_{n}:", "    raise Rejected"]
    if others and all(isinstance(check, validate.Regexp) for check in others):
        # A pattern's verdict depends on the value alone, and ids recur throughout a folder
        # (each organization is named in every partnership it takes part in): a value that
        # passed once is not matched again.
        names[f"passed_{n}"] = passed = _Passed()
        lines.append(f"elif v not in passed_{n}:")
        for i, check in enumerate(others):
            names[f"check_{n}_{i}"] = check
            lines += [f"    if check_{n}_{i}(v) is False:", "        raise Rejected"]
        names[f"remember_{n}"] = passed.remember
        lines.append(f"    remember_{n}(v)")
        return lines
    for i, check in enumerate(others):
        names[f"check_{n}_{i}"] = check
        lines += [f"elif check_{n}_{i}(v) is False:", "    raise Rejected"]
    return lines


class _Passed(set[str]):
    """Values that passed a field's patterns; bounded, so a long-lived process keeps few."""

    LIMIT = 1_000_000

    def remember(self, value: str) -> None:
        if len(self) >= self.LIMIT:
            self.clear()
        self.add(value)


def _list_checks(n: int, field: fields.Field[Any], names: dict[str, Any]) -> list[str]:
    """Statements loading `v` into a list, or refusing it, as the list loader of field `n`
    would; each item by its own loader."""
    if field.pre_load or field.post_load:
        raise Unsupported(f"{field.name}: field processors")
    inner: Any = field.inner  # type: ignore[attr-defined]
    if (
        type(inner) is fields.Nested
        and not (inner.many or inner.unknown is not None or inner.only or inner.exclude)
        and not (inner.pre_load or inner.post_load or inner.validators or inner.allow_none)
    ):
        # The nested schema's own load refuses None and non-dicts, as the field's would.
        names[f"item_{n}"] = compile_load(inner.schema)
    else:
        names[f"item_{n}"] = _field_loader(inner)
    lines = ["if type(v) is not list:"]
    if field.allow_none:
        lines += ["    if v is not None:", "        raise Rejected"]
    else:
        lines += ["    raise Rejected"]
    lines += ["else:", f"    v = [item_{n}(x) for x in v]"]
    for i, check in enumerate(field.validators):
        names[f"check_{n}_{i}"] = check
        lines += [f"    if check_{n}_{i}(v) is False:", "        raise Rejected"]
    return lines


def _field_loader(field: fields.Field[Any]) -> Load:
    if field.pre_load or field.post_load:
        raise Unsupported(f"{field.name}: field processors")
    kind = type(field)
    if kind is fields.String:
        return _string_loader(field)
    convert: Load
    if kind is fields.Integer:
        convert = _exactly(int)  # bool is not int by type, and marshmallow refuses it too
    elif kind is fields.Boolean:
        convert = _exactly(bool)
    elif kind is fields.List:
        convert = _list_of(_field_loader(field.inner))  # type: ignore[attr-defined]
    elif kind is fields.Nested:
        if field.many or field.unknown is not None or field.only or field.exclude:  # type: ignore[attr-defined]
            raise Unsupported(f"{field.name}: nested options")
        convert = compile_load(field.schema)  # type: ignore[attr-defined]
    else:
        return _marshmallow_field(field)
    validators = tuple(field.validators)
    allow_none = field.allow_none

    def load(value: Any) -> Any:
        if value is None:
            if allow_none:
                return None
            raise Rejected
        out = convert(value)
        for check in validators:
            if check(out) is False:
                raise Rejected
        return out

    return load


def _string_rules(
    field: fields.Field[Any],
) -> tuple[float, float, frozenset[Any] | None, list[Any]]:
    """A string field's length bounds and choices, and its other validators."""
    shortest, longest, choices = 0, float("inf"), None
    others = []
    for validator in field.validators:
        if type(validator) is validate.Length:
            if validator.equal is not None:
                shortest = max(shortest, validator.equal)
                longest = min(longest, validator.equal)
            else:
                shortest = max(shortest, validator.min or 0)
                longest = min(longest, float("inf") if validator.max is None else validator.max)
        elif type(validator) is validate.OneOf and choices is None:
            choices = frozenset(validator.choices)
        else:
            others.append(validator)
    return shortest, longest, choices, others


def _string_loader(field: fields.Field[Any]) -> Load:
    """The commonest field, with its length and choices checked inline."""
    shortest, longest, choices, others = _string_rules(field)
    allow_none = field.allow_none

    def load(value: Any) -> Any:
        if type(value) is not str:
            if value is None and allow_none:
                return None
            raise Rejected
        if not shortest <= len(value) <= longest or (choices is not None and value not in choices):
            raise Rejected
        for check in others:
            if check(value) is False:
                raise Rejected
        return value

    return load


def _exactly(kind: type) -> Load:
    def convert(value: Any) -> Any:
        if type(value) is not kind:
            raise Rejected
        return value

    return convert


def _list_of(load_item: Load) -> Load:
    def convert(value: Any) -> list[Any]:
        if type(value) is not list:
            raise Rejected
        return [load_item(item) for item in value]

    return convert


def _marshmallow_field(field: fields.Field[Any]) -> Load:
    """A kind the compiled form does not know (dates, URLs): the field's own deserialize."""

    def load(value: Any) -> Any:
        return field.deserialize(value)

    return load


# -- dumping -----------------------------------------------------------------------------------


def compile_dump(schema: Schema) -> Dump:
    """The schema's dump as one generated function: a statement per field, no loop over
    entries, no call per plain value; rendering 100,000 partnerships is mostly this."""
    _check_plain(schema, allowed_hooks=(VALIDATES_SCHEMA,))
    if type(schema).get_attribute is not Schema.get_attribute:
        raise Unsupported(f"{type(schema).__name__}: custom get_attribute")
    names: dict[str, Any] = {"missing": missing, "schema_dump": schema.dump}
    lines = [
        "def dump(obj):",
        "    if type(obj) is not dict:",
        "        return schema_dump(obj)",
        "    out = {}",
    ]
    for n, (attr_name, field) in enumerate(schema.dump_fields.items()):
        key = field.data_key if field.data_key is not None else attr_name
        source = field.attribute or attr_name
        if "." in source:
            raise Unsupported(f"{attr_name}: dotted attribute")
        lines += [f"    if {source!r} in obj:", f"        v = obj[{source!r}]"]
        lines += [f"        out[{key!r}] = {_dump_expression(n, attr_name, field, names)}"]
        if not _absent_is_omitted(field, source):
            # Defaults, and marshmallow's attribute fallbacks.
            names[f"serialize_{n}"] = field.serialize
            lines += [
                "    else:",
                f"        v = serialize_{n}({attr_name!r}, obj)",
                "        if v is not missing:",
                f"            out[{key!r}] = v",
            ]
    lines.append("    return out")
    exec("\n".join(lines), names)  # nosec B102 -- the code is made here, from field names
    compiled: Dump = names["dump"]
    return compiled


def _dump_expression(
    n: int, attr_name: str, field: fields.Field[Any], names: dict[str, Any]
) -> str:
    """The expression dumping `v`, field `n`'s value, as `_field_dumper` would."""
    kind = type(field)

    def generic() -> str:
        names[f"generic_{n}"] = lambda value, obj: field._serialize(value, attr_name, obj)
        return f"generic_{n}(v, obj)"

    # Most values are plain: taken as they are, without a call per value.
    plain = _plain_type(field)
    if plain is not None:
        names[f"plain_{n}"] = plain
        return f"v if v is None or type(v) is plain_{n} else {generic()}"
    if kind is fields.Nested and not _nested_options(field):
        names[f"nested_{n}"] = compile_dump(field.schema)  # type: ignore[attr-defined]
        return f"None if v is None else nested_{n}(v)"
    if kind is fields.List:
        inner: Any = field.inner  # type: ignore[attr-defined]
        inner_plain = _plain_type(inner)
        if inner_plain is not None:
            names[f"plain_{n}"] = inner_plain
            names[f"inner_{n}"] = _field_dumper(attr_name, inner)
            item = f"x if x is None or type(x) is plain_{n} else inner_{n}(x, obj)"
        elif type(inner) is fields.Nested and not _nested_options(inner):
            names[f"nested_{n}"] = compile_dump(inner.schema)
            item = f"None if x is None else nested_{n}(x)"
        else:
            names[f"dump_{n}"] = _field_dumper(attr_name, field)
            return f"dump_{n}(v, obj)"
        return f"[{item} for x in v] if type(v) is list else {generic()}"
    names[f"dump_{n}"] = _field_dumper(attr_name, field)
    return f"dump_{n}(v, obj)"


def _nested_options(field: Any) -> bool:
    """Whether a Nested field picks or repeats (many, only, exclude): not compiled."""
    return bool(field.many or field.only or field.exclude)


def _absent_is_omitted(field: fields.Field[Any], source: str) -> bool:
    """Whether marshmallow leaves the field out of a plain dict that lacks its key: no
    default, and no attribute of that name on a dict for its fallback to find."""
    return (
        type(field).serialize is fields.Field.serialize
        and type(field).get_value is fields.Field.get_value
        and field._CHECK_ATTRIBUTE
        and field.dump_default is missing
        and not hasattr(dict, source)
    )


def _plain_type(field: fields.Field[Any]) -> type | None:
    """The type whose values a field dumps as they are (None dumps as None too)."""
    kind = type(field)
    if kind is fields.Integer and field.as_string:  # type: ignore[attr-defined]
        return None
    return {fields.String: str, fields.Boolean: bool, fields.Integer: int}.get(kind)


def _field_dumper(attr_name: str, field: fields.Field[Any]) -> Callable[[Any, Any], Any]:
    kind = type(field)
    generic: Callable[[Any, Any], Any] = lambda value, obj: field._serialize(value, attr_name, obj)  # noqa: E731
    if kind in (fields.String, fields.Boolean) or (
        kind is fields.Integer and not field.as_string  # type: ignore[attr-defined]
    ):
        plain = {fields.String: str, fields.Boolean: bool, fields.Integer: int}[kind]

        def same(value: Any, obj: Any) -> Any:
            return value if value is None or type(value) is plain else generic(value, obj)

        return same
    if kind is fields.List:
        inner = _field_dumper(attr_name, field.inner)  # type: ignore[attr-defined]

        def each(value: Any, obj: Any) -> Any:
            if type(value) is not list:
                return generic(value, obj)
            return [inner(item, obj) for item in value]

        return each
    if kind is fields.Nested:
        if field.many or field.only or field.exclude:  # type: ignore[attr-defined]
            raise Unsupported(f"{attr_name}: nested options")
        nested = compile_dump(field.schema)  # type: ignore[attr-defined]

        def one(value: Any, obj: Any) -> Any:
            return None if value is None else nested(value)

        return one
    return generic
