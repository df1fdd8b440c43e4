"""``xdt engine`` as a process: deploys a directory, serves gRPC and REST, stops cleanly on SIGTERM."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyzeebe import ZeebeClient, create_insecure_channel

from tests.engine.gateway.conftest import BPMN, eventually

ROOT = Path(__file__).resolve().parents[3]
XDT = str(Path(sys.executable).with_name("xdt"))  # the console script installed with the package


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def engine_process(db_url: str, tmp_path: Path) -> Any:
    grpc_port, rest_port = free_port(), free_port()
    log = tmp_path / "engine.log"
    command = [
        XDT,
        "engine",
        "--listen",
        f"127.0.0.1:{grpc_port}",
        "--rest-listen",
        f"127.0.0.1:{rest_port}",
        "--db",
        db_url,
        "--deploy",
        str(BPMN),
    ]
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        yield process, f"127.0.0.1:{grpc_port}", f"http://127.0.0.1:{rest_port}/v2", log
        if process.poll() is None:
            process.kill()
            process.wait(10)


async def test_engine_command_serves_and_shuts_down_gracefully(engine_process: Any) -> None:
    process, address, rest, log = engine_process
    client = ZeebeClient(create_insecure_channel(address))

    async def healthy() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"xdt engine exited: {log.read_text()[-2000:]}")
        try:
            return (await client.healthcheck()).status == 1
        except Exception:
            return False

    await eventually(healthy, timeout_s=60, interval_s=0.1)
    created = await client.run_process("gw-single", {})
    found = httpx.get(f"{rest}/process-instances/{created.process_instance_key}").json()
    assert found["processDefinitionId"] == "gw-single" and found["state"] == "ACTIVE"
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    assert process.wait(30) == 0, log.read_text()[-2000:]
    assert time.monotonic() - started < 15


def test_engine_command_rejects_half_tls_configuration(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            XDT,
            "engine",
            "--tls-cert",
            str(tmp_path / "cert.pem"),
            "--db",
            f"sqlite:///{tmp_path / 'e.db'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "TLS needs both a certificate" in result.stdout + result.stderr


def test_engine_command_reports_an_invalid_deployment(tmp_path: Path) -> None:
    broken = tmp_path / "bpmn"
    broken.mkdir()
    (broken / "broken.bpmn").write_text("<definitions>")
    result = subprocess.run(
        [
            XDT,
            "engine",
            "--db",
            f"sqlite:///{tmp_path / 'e.db'}",
            "--deploy",
            str(broken),
            "--listen",
            "127.0.0.1:0",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "broken.bpmn" in result.stderr and "Traceback" not in result.stderr
