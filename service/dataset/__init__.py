"""The dataset pipeline: seed files are parsed, validated, linked, built and rendered to bytes."""

from service.dataset.build import Dataset, build_dataset, load_dataset
from service.dataset.errors import SeedError, SeedProblem

__all__ = ["Dataset", "SeedError", "SeedProblem", "build_dataset", "load_dataset"]
