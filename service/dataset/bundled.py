"""The seeds that ship with the code, loaded once per process."""

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


def load_seeds(seeds_dir: Path) -> Dataset:
    """The dataset of `seeds_dir`: the bundled seeds' shared one, any other folder's anew."""
    if seeds_dir.resolve() == BUNDLED_SEEDS:
        return bundled_dataset()
    return load_dataset(seeds_dir)
