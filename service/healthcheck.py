"""The container's health check: exit 0 when the server on $HOST:$PORT answers a path with 2xx.

`python -m service.healthcheck /readyz`. It reads the address gunicorn binds (gunicorn.conf.py
reads the same variables), so changing PORT never makes a healthy container look unhealthy.
"""

import http.client
import ipaddress
import os
import sys


def target() -> tuple[str, int]:
    host = os.environ.get("HOST", "127.0.0.1").strip().strip("[]")
    if not host or _unspecified(host):
        host = "127.0.0.1"  # bound to every address: the loopback one is among them
    raw = os.environ.get("PORT", "8000").strip()
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"PORT: {raw!r} is not a port number")
    return host, int(raw)


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:  # a host name
        return False


def check(path: str, timeout: float = 2.0) -> str | None:
    """None when `path` answers 2xx; otherwise what went wrong."""
    host, port = target()
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"User-Agent": "healthcheck"})
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException) as error:
        return f"{path} on {host}:{port}: {type(error).__name__}: {error}"
    finally:
        connection.close()
    return None if 200 <= status < 300 else f"{path} on {host}:{port}: status {status}"


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/livez"
    problem = check(path)
    if problem is not None:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
