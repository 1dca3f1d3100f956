"""gunicorn's control socket: each instance on a host has its own, made wherever the user can."""

import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from tests.support.live_server import Server, gunicorn_process

GUNICORNC = Path(sys.executable).with_name("gunicornc")


def log_lines(server: Server) -> list[dict[str, str]]:
    return [orjson.loads(line) for line in server.log.read_bytes().splitlines() if line]


def control_socket(server: Server) -> Path:
    """The path the instance says its control socket listens at (it starts after the workers)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for line in log_lines(server):
            if line["message"].startswith("Control socket listening at "):
                return Path(line["message"].removeprefix("Control socket listening at "))
        time.sleep(0.05)
    raise AssertionError(f"no control socket in the log: {log_lines(server)}")


def master_pid_through(socket: Path) -> int:
    result = subprocess.run(
        [str(GUNICORNC), "-s", str(socket), "-c", "show stats", "-j"],
        capture_output=True, text=True, timeout=10, check=True,
    )  # fmt: skip
    pid: int = orjson.loads(result.stdout)["pid"]
    return pid


@pytest.mark.system
def test_each_instance_on_a_host_has_a_control_socket_of_its_own() -> None:
    # One worker each: the socket is the master's, and two instances start sooner.
    with gunicorn_process(WEB_CONCURRENCY="1") as first:
        first_socket = control_socket(first)
        with gunicorn_process(WEB_CONCURRENCY="1") as second:
            second_socket = control_socket(second)
            assert first_socket != second_socket
            assert master_pid_through(first_socket) == first.process.pid
            assert master_pid_through(second_socket) == second.process.pid
        # Stopping the second took only its own socket away.
        assert not second_socket.exists()
        assert master_pid_through(first_socket) == first.process.pid


@pytest.mark.system
def test_a_user_without_a_home_gets_a_control_socket_and_no_error() -> None:
    """The image's user has no home; here HOME is a path no folder can be made under."""
    # One worker (the socket is the master's); HOME as the image's user has none.
    with gunicorn_process(WEB_CONCURRENCY="1", HOME="/dev/null") as server:
        socket = control_socket(server)
        assert master_pid_through(socket) == server.process.pid
        lines = log_lines(server)
    assert not socket.is_relative_to("/dev/null")
    assert [line for line in lines if line["level"] == "ERROR"] == []


@pytest.mark.system
def test_the_control_socket_can_be_turned_off() -> None:
    # One worker (the socket is the master's); `off`, the documented value under test.
    with gunicorn_process(WEB_CONCURRENCY="1", GUNICORN_CONTROL_SOCKET="off") as server:
        time.sleep(0.5)  # past the moment a control socket would have started
        messages = [line["message"] for line in log_lines(server)]
    assert any(m.startswith("Booting worker") for m in messages)
    assert not [m for m in messages if "Control s" in m]
