"""The Makefile's commands as the README shows them: `make run SEEDS=path` serves that folder,
and `make sync-example` keeps its copy where git does not see it."""

import os
import shlex
import subprocess
from pathlib import Path

import pytest

from service.dataset import load_dataset
from tests.support.live_server import ROOT, get
from tests.support.make_run import make_run
from tests.support.redis_servers import free_port
from tests.support.seed_files import change_three_partnerships

pytestmark = pytest.mark.system


def test_make_run_serves_the_seeds_folder_it_is_given(seeds_copy: Path) -> None:
    change_three_partnerships(seeds_copy)
    version = load_dataset(seeds_copy).version
    with make_run(f"SEEDS={seeds_copy}") as server:
        status, headers, _ = get(server, "/v1/partnerships/renault-nissan-alliance")
        assert (status, headers["X-Dataset-Version"]) == (200, version)


def test_make_run_refuses_a_seeds_folder_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-seeds"
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "run", f"SEEDS={missing}", f"PORT={free_port()}"],
        cwd=ROOT, env={"PATH": os.environ["PATH"]}, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == f"error: SEEDS_DIR: '{missing}' is not a folder"


def test_sync_example_keeps_its_copy_where_git_ignores_it() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing decides what git ignores")
    # `make -n` prints what `make sync-example` runs without running it: the example's last
    # argument is the copy it writes.
    shown = subprocess.run(
        ["make", "--no-print-directory", "-n", "sync-example"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    (example,) = [line for line in shown.splitlines() if "examples/sync.py" in line]
    # It runs on the installed SDK (clients/python): nothing is generated first.
    assert "openapi-python-client" not in shown
    copy = shlex.split(example)[-1]
    assert not Path(copy).is_absolute()
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "--quiet", copy], cwd=ROOT, timeout=30, check=False
    )
    assert ignored.returncode == 0, f"git would list {copy} as a file to add"
