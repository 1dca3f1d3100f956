"""The synthetic-scale generator writes seed folders the loader accepts, quotes and all."""

from pathlib import Path

from bench.synthetic import write_synthetic_seeds
from service.dataset import load_dataset


def test_generated_folder_loads_with_every_quote_found(tmp_path: Path) -> None:
    write_synthetic_seeds(tmp_path, partnerships=30, organizations=7, per_source=12)
    dataset = load_dataset(tmp_path)
    assert dataset.counts["partnerships"] == 30
    assert dataset.counts["organizations"] == 7
    assert dataset.counts["sources"] == 3  # 12 + 12 + 6
    assert dataset.counts["events"] == dataset.counts["statements"] == 30
    source = dataset.items["sources/synthetic-source-00000"].decode()
    assert '"kind":"synthetic"' in source
