"""The synthetic-scale generator writes seed folders the loader accepts, quotes and all."""

from pathlib import Path

import pytest

from bench.synthetic import SeedFormat, write_synthetic_seeds
from service.dataset import load_dataset


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_generated_folder_loads_with_every_quote_found(tmp_path: Path, fmt: SeedFormat) -> None:
    write_synthetic_seeds(tmp_path, partnerships=30, organizations=7, per_source=12, fmt=fmt)
    assert len(list(tmp_path.glob(f"*.{fmt}"))) == 3
    dataset = load_dataset(tmp_path)
    assert dataset.counts["partnerships"] == 30
    assert dataset.counts["organizations"] == 7
    assert dataset.counts["sources"] == 3  # 12 + 12 + 6
    assert dataset.counts["events"] == dataset.counts["statements"] == 30
    source = dataset.items["sources/synthetic-source-00000"].decode()
    assert '"kind":"synthetic"' in source


def test_both_formats_make_the_same_dataset(tmp_path: Path) -> None:
    versions = {
        load_dataset(
            write_synthetic_seeds(
                tmp_path / fmt, partnerships=20, organizations=5, per_source=8, fmt=fmt
            )
        ).version
        for fmt in ("json", "yaml")
    }
    assert len(versions) == 1
