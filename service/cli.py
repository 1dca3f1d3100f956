"""Command line: check a seeds folder, write the OpenAPI document."""

import sys
from pathlib import Path

import click

from service.config import BUNDLED_SEEDS, Config
from service.dataset import SeedError, load_dataset


@click.group()
def main() -> None:
    """Partnership metadata API tools."""


@main.command("check-seeds")
@click.argument("seeds_dir", type=click.Path(path_type=Path), default=BUNDLED_SEEDS)
def check_seeds(seeds_dir: Path) -> None:
    """Validate and link a seeds folder; print what it holds, or every problem and exit 1."""
    try:
        dataset = load_dataset(seeds_dir)
    except SeedError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(error.problems)} problem(s) in {seeds_dir}; nothing loaded.", err=True)
        sys.exit(1)
    counts = ", ".join(f"{n} {rtype}" for rtype, n in dataset.counts.items())
    click.echo(f"ok: {seeds_dir} is dataset version {dataset.version} ({counts})")


@main.command("openapi")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None)
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
@click.option("--version", "api_version", default="v1", show_default=True)
def openapi(output: Path | None, fmt: str, api_version: str) -> None:
    """Write the OpenAPI document generated from the code (to stdout without --output)."""
    from service import create_app

    app = create_app(Config())
    body, _ = app.extensions["partnership_api"].specs[api_version][fmt]
    if output is None:
        click.echo(body.decode(), nl=False)
    else:
        output.write_bytes(body)
