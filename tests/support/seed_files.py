"""The bundled seed file's name, and a way to change a copy of it."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

SEED_FILE = "honda-nissan-ev-partnership-article.yaml"


def rewrite_seed(seeds: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Parse the seed file in `seeds`, let `change` edit it, and write it back."""
    path = seeds / SEED_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def change_three_partnerships(seeds: Path) -> None:
    """Edit the seeds in `seeds` so that, against the bundled ones, one partnership changes
    (an objective's label), one is removed and one added (the alliance under a new id)."""

    def change(data: dict[str, Any]) -> None:
        partnerships = {p["id"]: p for p in data["partnerships"]}
        collaboration = partnerships["honda-nissan-ev-collaboration"]
        collaboration["objectives"][0]["label"] = "Shorten innovation cycles"
        for related in collaboration["related"]:
            if related["partnership"] == "nissan-renault-alliance":
                related["partnership"] = "renault-nissan-alliance"
        partnerships["nissan-renault-alliance"]["id"] = "renault-nissan-alliance"

    rewrite_seed(seeds, change)
