"""The Dockerfile built and run with podman, where no Docker engine or registry is reachable.

podman keeps its images in a storage of its own under ~/.cache/partnership-api/, so a rerun
reuses the layers built before. The base image, python:3.11-slim, cannot be pulled: a stand-in
is made once with debootstrap (Debian bookworm, minbase, with Debian's Python 3.11 and a
`python` link, as the slim image has), cached there as a tarball and imported under that name.
"""

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.live_server import ROOT

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "partnership-api"
BASE_IMAGE = "docker.io/library/python:3.11-slim"
# The recipe's version is in the name: a changed recipe makes a new tarball.
BASE_TARBALL = CACHE / "python-3.11-slim-stand-in-bookworm-1.tar"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
IMAGE = "localhost/partnership-api:test"
BUILD_STAGE = "localhost/partnership-api-build:test"  # tagged, so its cached layers stay
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
# The virtual machines this runs on refuse podman's default limits, and crun their cgroups;
# tmp_dir keeps podman's temporary files in its own run state, apart from any other podman's.
CONTAINERS_CONF = """\
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
tmp_dir = "{tmp_dir}"
"""


@dataclass(frozen=True)
class Podman:
    """podman with a storage, run state and configuration of its own."""

    storage: Path  # kept between runs: the layer cache
    run_state: Path  # in a folder cleared at boot, as podman expects of its run state
    conf: Path

    def __call__(
        self, *args: str, timeout: float = 120, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["podman", "--root", str(self.storage), "--runroot", str(self.run_state), *args],
            env={**os.environ, "CONTAINERS_CONF": str(self.conf)},
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise AssertionError(f"podman {' '.join(args)} failed:\n{result.stderr}")
        return result


def run_state_folder() -> Path:
    if os.geteuid() == 0:
        return Path("/run/partnership-api-podman")
    runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return Path(runtime) / f"partnership-api-podman-{os.getuid()}"


@contextmanager
def podman_or_skip() -> Iterator[Podman]:
    """podman, used by one test run at a time; the test is skipped only if podman cannot run."""
    if shutil.which("podman") is None:
        pytest.skip(
            "podman cannot run: it is not installed (apt-get install podman runc debootstrap; "
            "make system-tools does it when run as root)"
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    run_state = run_state_folder()
    run_state.mkdir(parents=True, exist_ok=True, mode=0o700)
    conf = run_state / "containers.conf"
    conf.write_text(CONTAINERS_CONF.format(tmp_dir=run_state / "libpod"), encoding="utf-8")
    podman = Podman(CACHE / "podman", run_state / "storage", conf)
    with (CACHE / "podman.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run of this test waits its turn
        info = podman("info", check=False)
        if info.returncode != 0:
            pytest.skip(f"podman cannot run on this machine: {info.stderr.strip()}")
        # Containers a killed run left behind; this storage is the test's alone.
        podman("rm", "--all", "--force", "--time", "0")
        yield podman


def base_tarball() -> Path:
    """The stand-in for python:3.11-slim as a root file system tarball, made once."""
    if BASE_TARBALL.exists():
        return BASE_TARBALL
    if os.geteuid() != 0:
        pytest.skip(
            "podman runs, but the stand-in base image is made with debootstrap and chroot, "
            f"which need root: run this test once as root (it then keeps {BASE_TARBALL})"
        )
    if shutil.which("debootstrap") is None:
        raise AssertionError(
            "debootstrap is needed once to make the base image: apt-get install it"
        )
    with tempfile.TemporaryDirectory(dir=CACHE, prefix="base-") as work:
        rootfs = Path(work) / "rootfs"
        steps = [
            ["debootstrap", "--variant=minbase", "bookworm", str(rootfs), DEBIAN_MIRROR],
            ["chroot", str(rootfs), "apt-get", "install", "--yes", "--no-install-recommends",
             "python3", "python3-venv", "python3-pip"],
            ["chroot", str(rootfs), "apt-get", "clean"],
        ]  # fmt: skip
        for step in steps:
            result = subprocess.run(
                # apt-get in the chroot must never stop to ask a question.
                step, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                capture_output=True, text=True, timeout=900, check=False,
            )  # fmt: skip
            assert result.returncode == 0, f"{' '.join(step[:3])} failed:\n{result.stderr}"
        (rootfs / "usr/local/bin/python").symlink_to("/usr/bin/python3")  # as the slim image
        for cached in ("var/lib/apt/lists", "usr/share/doc", "usr/share/man"):
            shutil.rmtree(rootfs / cached, ignore_errors=True)
        partial = Path(work) / "base.tar"
        subprocess.run(["tar", "-C", str(rootfs), "-cf", str(partial), "."], check=True)
        partial.replace(BASE_TARBALL)
    return BASE_TARBALL


def build_image(podman: Podman) -> str:
    """Build the Dockerfile unchanged, in Docker's format (OCI's has no HEALTHCHECK)."""
    if podman("image", "exists", BASE_IMAGE, check=False).returncode != 0:
        podman(
            "import",
            "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "--change", 'CMD ["python3"]',
            "--change", 'LABEL description="a stand-in made with debootstrap, not the real image"',
            str(base_tarball()), BASE_IMAGE,
            timeout=600,
        )  # fmt: skip
    # pip in the build trusts what the host trusts: some networks intercept TLS.
    trust = ["--volume", f"{CA_BUNDLE}:{CA_BUNDLE}:ro"] if CA_BUNDLE.exists() else []
    for target in (["--target", "build", "--tag", BUILD_STAGE], ["--tag", IMAGE]):
        podman("build", "--format", "docker", *trust, *target, str(ROOT), timeout=900)
    podman("image", "prune", "--force")  # images replaced by these builds
    return IMAGE
