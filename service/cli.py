"""Command line: check a seeds folder, publish it to Redis, write the OpenAPI document."""

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from service.config import BUNDLED_SEEDS, Config, ConfigError
from service.dataset import SeedError, load_dataset
from service.dataset.inputs import SeedFolder
from service.dataset.locations import describe, one_line, shown_name
from service.progress import phased_progress
from service.store.connect import redis_client
from service.store.keys import REDIS_ERRORS, Keys
from service.store.pipeline import publish_folder
from service.store.publish import PublishError


@click.group()
def main() -> None:
    """Partnership metadata API tools."""


def report_problems(error: SeedError, seeds_dir: Path, outcome: str) -> NoReturn:
    """Every problem on stderr, as `file:line:column: resource: field: what is wrong` (as
    editors jump to it), then exit status 1."""
    for problem in error.problems:
        click.echo(describe(problem, seeds_dir), err=True)
    for note in error.notes:
        click.echo(one_line(f"note: {note}"), err=True)
    shown = shown_name(str(seeds_dir))
    click.echo(f"{len(error.problems)} problem(s) in {shown}; {outcome}.", err=True)
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
        try:
            # A process of its own, with nothing else running in it: the load may fork.
            dataset = load_dataset(seeds_dir, progress=progress, apart_indexing=True)
        except SeedError as error:
            report_problems(error, seeds_dir, "nothing loaded")
    counts = ", ".join(f"{n} {rtype}" for rtype, n in dataset.counts.items())
    shown = shown_name(str(seeds_dir))
    click.echo(f"ok: {shown} is dataset version {dataset.version} ({counts})")


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
    """Validate SEEDS_DIR (default: $SEEDS_DIR or the bundled seeds) and publish it to Redis.

    Seed files validated for a retained version are not validated again, and only items no
    retained version holds are written."""
    config = config_or_exit()
    if config.redis_url is None:
        raise click.UsageError("REDIS_URL is not set: there is no store to publish to.")
    seeds = seeds_dir or config.seeds_dir
    shown = shown_name(str(seeds))
    folder = SeedFolder.read(seeds)  # once: what the plan and the build both read
    client: Any = None
    with phased_progress() as progress:
        try:
            client = redis_client(config)  # a Cluster client connects as it is made
            done = publish_folder(
                client,
                Keys(config.redis_prefix),
                folder,
                retain=config.retained_versions,
                lock_ttl=config.publish_lock_ttl,
                progress=progress,
                told=lambda line: click.echo(one_line(line), err=True),
            )
        except SeedError as error:
            report_problems(error, seeds, "nothing published")
        except (PublishError, *REDIS_ERRORS) as error:
            # The message names the failure, never the URL (it may carry a password).
            click.echo(f"error: publish failed: {type(error).__name__}: {error}", err=True)
            sys.exit(2)
        finally:
            if client is not None:
                client.close()
    if done.report is None:
        click.echo(f"already current: dataset version {done.version} from {shown}")
        click.echo(f"seed files: 0 validated, {len(folder.seeds)} known; nothing written")
        return
    click.echo(done.memo.report(), err=True)  # beside the phases: what the build did itself
    forms = done.forms
    validated = f"seed files: {len(forms.asked) - forms.found} validated, {forms.found} known"
    if not done.report.changed:
        click.echo(f"already current: dataset version {done.version} from {shown}")
        click.echo(f"{validated}; nothing written")
        return
    click.echo(f"published dataset version {done.version} from {shown}")
    stored = done.report.contents - done.report.written
    click.echo(f"{validated}; items: {done.report.written} written, {stored} stored already")
