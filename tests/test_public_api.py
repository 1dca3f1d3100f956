"""The service uses its libraries through their public API: no module imports a private name
from one, assigns to a library's (or the standard library's) attributes, or overrides a private
method of a library class. Checked on the source, so a shortcut cannot slip in unnoticed."""

import ast
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("service", "schemas")
SOURCES = sorted(
    p for package in OURS for p in (ROOT / package).rglob("*.py") if p.name != "__main__.py"
)
# Objects a library makes to be written to: Flask's per-request namespace.
WRITABLE = {"g"}
# Private names a library documents as the ones to define: marshmallow's custom fields
# "implement _serialize and/or _deserialize" (its guide, "Creating a field class").
HOOKS = {("marshmallow.fields", "_serialize"), ("marshmallow.fields", "_deserialize")}


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def library_names(tree: ast.Module) -> set[str]:
    """Names bound by importing a module or name from outside the project."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in OURS:
                    names.add((alias.asname or alias.name).split(".")[0])
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and node.module.split(".")[0] not in OURS
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    libraries = library_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            outside = node.module.split(".")[0] not in OURS
            private = [a.name for a in node.names if is_private(a.name)]
            if outside and (private or any(is_private(p) for p in node.module.split("."))):
                found.append(f"imports a private name from {node.module}: {private}")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in libraries - WRITABLE
                ):
                    found.append(f"assigns to {target.value.id}.{target.attr}")
    return found


def overridden(module_name: str) -> list[str]:
    """Private methods that classes of the module define over a library class's own."""
    module = importlib.import_module(module_name)
    found = []
    for cls in vars(module).values():
        if not inspect.isclass(cls) or cls.__module__ != module_name:
            continue
        libraries = [base for base in cls.__mro__[1:] if base.__module__.split(".")[0] not in OURS]
        for name, value in vars(cls).items():
            if not (inspect.isfunction(value) and is_private(name)):
                continue
            if any(
                inspect.isfunction(vars(base).get(name)) and (base.__module__, name) not in HOOKS
                for base in libraries
            ):
                found.append(f"{cls.__name__} overrides {name} of a library class")
    return found


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_libraries_are_used_through_their_public_api(path: Path) -> None:
    assert findings(path) == []
    assert overridden(module_name(path)) == []


def test_the_check_finds_each_kind_of_shortcut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = tmp_path / "shortcut_sample.py"
    sample.write_text(
        "import re\n"
        "from flask import g\n"
        "from os import _exit\n"
        "from flask_smorest import Api\n"
        "re.compile = re.compile\n"
        "def tag():\n"
        "    g.fine = 1\n"
        "class Mine(Api):\n"
        "    def _register_responses(self):\n"
        "        pass\n"
        "    def _own_helper(self):\n"
        "        pass\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert findings(sample) == [
        "imports a private name from os: ['_exit']",
        "assigns to re.compile",
    ]
    assert overridden("shortcut_sample") == [
        "Mine overrides _register_responses of a library class"
    ]
