"""Regenerate the official SDKs' generated parts from openapi.yaml: the Python package's
`partnership_client/openapi` (openapi-python-client) and `_version.py`, and the TypeScript
package's version (package.json, package-lock.json). `make sdks` runs this, then the
TypeScript package's own `npm run generate` for its types.

    python clients/generate.py [--into DIR]

With --into, the same files are written under DIR (DIR/python/..., DIR/typescript/...)
instead of clients/: the suite compares them with the committed ones.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

CLIENTS = Path(__file__).resolve().parent
SPEC = CLIENTS.parent / "openapi.yaml"
GENERATED = Path("python/partnership_client/openapi")
VERSION_FILE = Path("python/partnership_client/_version.py")
PACKAGE_JSON = Path("typescript/package.json")
PACKAGE_LOCK = Path("typescript/package-lock.json")


def api_version(spec: Path = SPEC) -> str:
    """The SDKs' version: the OpenAPI document's `info.version`."""
    return str(yaml.safe_load(spec.read_text(encoding="utf-8"))["info"]["version"])


def generate_python(into: Path) -> None:
    out = into / GENERATED
    # The generator formats its output with ruff, found on PATH (the venv's own), and ruff
    # reads the nearest pyproject.toml: generated outside any project, the output is the
    # same wherever it is asked for.
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory() as scratch:
        made = Path(scratch) / "openapi"
        result = subprocess.run(
            [str(bin_dir / "openapi-python-client"), "generate", "--path", str(SPEC),
             "--output-path", str(made), "--meta", "none"],
            env=env, cwd=scratch, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0 or not made.is_dir():
            sys.exit(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")
        shutil.rmtree(out, ignore_errors=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(made, out, ignore=shutil.ignore_patterns(".ruff_cache", "__pycache__"))


def write_version(into: Path, version: str) -> None:
    path = into / VERSION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Written by clients/generate.py from openapi.yaml's info.version.\n"
        f'__version__ = "{version}"\n',
        encoding="utf-8",
    )
    for name in (PACKAGE_JSON, PACKAGE_LOCK):
        source = CLIENTS / name
        if not source.exists():
            continue
        document = json.loads(source.read_text(encoding="utf-8"))
        document["version"] = version
        if name == PACKAGE_LOCK and "" in document.get("packages", {}):
            document["packages"][""]["version"] = version
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        # npm's own layout: two spaces, a final newline.
        target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--into", type=Path, default=CLIENTS)
    into = parser.parse_args().into.resolve()
    generate_python(into)
    write_version(into, api_version())


if __name__ == "__main__":
    main()
