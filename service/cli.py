"""Command line: check a seeds folder, publish it to Redis, write the OpenAPI document."""

import sys
from pathlib import Path

import click

from service.config import BUNDLED_SEEDS, Config, ConfigError
from service.dataset import Dataset, SeedError, load_dataset
from service.dataset.locations import describe
from service.progress import PhasedProgress, one_phase, phased_progress
from service.store.connect import redis_client
from service.store.keys import REDIS_ERRORS, Keys
from service.store.publish import PublishError, publish_dataset


@click.group()
def main() -> None:
    """Partnership metadata API tools."""


def load_or_exit(seeds_dir: Path, outcome: str, progress: PhasedProgress | None = None) -> Dataset:
    """The dataset, or every problem on stderr and exit status 1."""
    try:
        # A process of its own, with nothing else running in it: the load may fork.
        return load_dataset(seeds_dir, progress=progress, apart_indexing=True)
    except SeedError as error:
        # `file:line:column: resource: field: what is wrong`, as editors jump to it.
        for problem in error.problems:
            click.echo(describe(problem, seeds_dir), err=True)
        for note in error.notes:
            click.echo(f"note: {note}", err=True)
        click.echo(f"{len(error.problems)} problem(s) in {seeds_dir}; {outcome}.", err=True)
        sys.exit(1)


def config_or_exit() -> Config:
    """The settings from the environment, or one line naming the bad one and exit status 2."""
    try:
        return Config.from_env()
    except ConfigError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


@main.command("check-seeds")
@click.argument("seeds_dir", type=click.Path(path_type=Path), default=BUNDLED_SEEDS)
def check_seeds(seeds_dir: Path) -> None:
    """Validate and link a seeds folder; print what it holds, or every problem and exit 1."""
    with phased_progress() as progress:
        dataset = load_or_exit(seeds_dir, "nothing loaded", progress)
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


@main.command("seed-schema")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None)
@click.option("--guide", type=click.Path(path_type=Path, exists=True), default=None)
def seed_schema(output: Path | None, guide: Path | None) -> None:
    """Write the JSON Schema of seed files, made from the seed schemas (to stdout without
    --output), and with --guide make that guide's field reference anew."""
    from schemas.seed_json_schema import render, with_reference

    body = render()
    if output is None:
        click.echo(body.decode(), nl=False)
    else:
        output.write_bytes(body)
    if guide is not None:
        guide.write_text(with_reference(guide.read_text(encoding="utf-8")), encoding="utf-8")


@main.command("publish")
@click.argument("seeds_dir", type=click.Path(path_type=Path), required=False)
def publish(seeds_dir: Path | None) -> None:
    """Validate SEEDS_DIR (default: $SEEDS_DIR or the bundled seeds) and publish it to Redis."""
    config = config_or_exit()
    if config.redis_url is None:
        raise click.UsageError("REDIS_URL is not set: there is no store to publish to.")
    seeds = seeds_dir or config.seeds_dir
    with phased_progress() as progress:
        dataset = load_or_exit(seeds, "nothing published", progress)
        client = redis_client(config)
        try:
            changed = publish_dataset(
                client,
                Keys(config.redis_prefix),
                dataset,
                retain=config.retained_versions,
                lock_ttl=config.publish_lock_ttl,
                progress=one_phase(progress, "writing to redis"),
            )
        except (PublishError, *REDIS_ERRORS) as error:
            # The message names the failure, never the URL (it may carry a password).
            click.echo(f"error: publish failed: {type(error).__name__}: {error}", err=True)
            sys.exit(2)
        finally:
            client.close()
    verb = "published" if changed else "already current:"
    click.echo(f"{verb} dataset version {dataset.version} from {seeds}")
