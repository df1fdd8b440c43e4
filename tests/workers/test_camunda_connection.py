"""The workers as they run against Camunda 8: TLS and an OAuth client-credentials token, here
against the embedded engine's gateway with TLS and a bearer-token check."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from engine.clock import FakeClock
from engine.gateway import GatewayOptions
from engine.query import InstanceState
from engine.server import open_engine, run_in_thread
from services.clock import FixedClock
from services.db import Database
from tests.engine.gateway.test_tls_token import TOKEN, Certificate, certificate, token_server  # noqa: F401
from workers.channel import GatewayTarget
from workers.context import WorkerContext
from workers.runner import start_in_thread

BPMN = Path(__file__).parent / "bpmn" / "deadline-only.bpmn"


def test_workers_use_tls_and_an_oauth_token(
    tmp_path: Path,
    db: Database,
    certificate: Certificate,  # noqa: F811
    token_server: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the test token endpoint speaks plain HTTP
    start = datetime(2026, 3, 2, 1, tzinfo=UTC)
    engine = open_engine(f"sqlite:///{tmp_path / 'engine.db'}", clock=FakeClock(start))
    secured = GatewayOptions(
        tls_cert=certificate.cert, tls_key=certificate.key, bearer_tokens=frozenset({TOKEN})
    )
    try:
        engine.deploy([(BPMN.name, BPMN.read_bytes())])
        with run_in_thread(engine, port=0, host="127.0.0.1", gateway=secured) as server:
            port = server.port
            target = GatewayTarget(
                address=f"localhost:{port}",
                tls=True,
                ca_cert=certificate.cert,
                client_id="xdt-workers",
                client_secret="secret",
                authorization_server=token_server,
                audience="zeebe-api",
            )
            with start_in_thread(
                target, WorkerContext(db=db, clock=FixedClock(start)), families=["calendar"]
            ):
                created = engine.create_instance(
                    bpmn_process_id="deadline-only", variables={"eventDate": "2026-03-02"}
                )
                key = created.process_instance_key
                deadline = time.monotonic() + 30
                while engine.process_instance(key).state != InstanceState.COMPLETED:
                    assert time.monotonic() < deadline, "the worker never completed the job over TLS"
                    time.sleep(0.05)
        values = {v.name: v.value for v in engine.variables(process_instance_key=key).items}
        assert values["reviewDeadlineDate"] == "2026-03-09"
    finally:
        engine.close()


def test_a_half_given_oauth_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="client secret"):
        GatewayTarget(address="zeebe.example:443", client_id="only-the-id")
