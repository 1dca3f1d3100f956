"""One wrk run against one URL, and the figures read back from its `--latency` report."""

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Load:
    duration_s: int = 2
    connections: int = 16
    threads: int = 2


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    return found


def run_wrk(url: str, load: Load, headers: dict[str, str] | None = None) -> WrkResult:
    if not url.startswith(("http://127.", "http://localhost")):
        raise ValueError(f"{url}: the benchmark only ever loads loopback addresses")
    command = [
        wrk_binary(),
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{load.duration_s}s",
        "--timeout",
        "5s",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=load.duration_s + 30, check=True
    )
    return parse_wrk(done.stdout)


def parse_wrk(report: str) -> WrkResult:
    def percentile(p: str) -> float:
        match = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", report, re.MULTILINE)
        if match is None:
            raise ValueError(f"no {p}th percentile in wrk's report:\n{report}")
        return float(match.group(1)) * UNITS_MS[match.group(2)]

    rps = re.search(r"^Requests/sec:\s+([\d.]+)", report, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", report, re.MULTILINE)
    if rps is None or total is None:
        raise ValueError(f"no request rate in wrk's report:\n{report}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    return WrkResult(
        rps=float(rps.group(1)),
        p50_ms=percentile("50"),
        p99_ms=percentile("99"),
        requests=int(total.group(1)),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )
