"""Seed folders loaded once per process: the bundled ones, and the folder gunicorn's master
loads before it forks its workers, which they then share."""

import functools
from pathlib import Path

from service.config import BUNDLED_SEEDS
from service.dataset.build import Dataset, load_dataset


@functools.cache
def bundled_dataset() -> Dataset:
    """The OpenAPI examples are taken from the bundled seeds, and by default the embedded store
    serves them too: loaded once, start-up reads and links them once instead of twice. Nothing
    changes a Dataset once it is built, so the two may share it."""
    return load_dataset(BUNDLED_SEEDS)


# Datasets loaded before gunicorn forks its workers (gunicorn.conf.py): data, never a
# connection, lock or thread, that every worker then shares instead of loading the folder
# again (a large one would take longer than a worker may to start).
_preloaded: dict[Path, Dataset] = {}


def preload(seeds_dir: Path) -> Dataset:
    dataset = _preloaded[seeds_dir.resolve()] = load_seeds(seeds_dir)
    return dataset


def load_seeds(seeds_dir: Path) -> Dataset:
    """The dataset of `seeds_dir`: one loaded before (preloaded, or the bundled seeds' shared
    one), or the folder's anew."""
    found = _preloaded.get(seeds_dir.resolve())
    if found is not None:
        return found
    if seeds_dir.resolve() == BUNDLED_SEEDS:
        return bundled_dataset()
    return load_dataset(seeds_dir)
