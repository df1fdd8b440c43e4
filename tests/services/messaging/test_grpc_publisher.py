"""The gRPC publisher against the real engine: duplicate message ids, an unreachable gateway,
TLS with an OAuth client-credentials token, and the time to live of each message."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import grpc
import pytest
from pyzeebe.proto.gateway_pb2 import PublishMessageRequest
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from engine.gateway import GatewayOptions
from engine.server import ServerHandle, run_in_thread
from services import loans
from services.errors import ValidationFailed
from services.messaging import MESSAGE_TTL, GatewayConnection, GrpcPublisher, PublishFailed, ttl_for
from services.settings import Settings
from tests.services.messaging.conftest import LOAN_NO, completed, eventually, start_waiting

TTL = timedelta(minutes=10)
TOKEN = "messaging-test-token"


def _publish(publisher: GrpcPublisher, message_id: str, **variables: Any) -> None:
    publisher.publish(
        "judgment-effective", LOAN_NO, {"judgmentDate": "2026-09-20", **variables}, message_id, TTL
    )


def test_the_engine_refuses_a_duplicate_message_id(served: ServerHandle) -> None:
    request = PublishMessageRequest(
        name="judgment-effective", correlationKey=LOAN_NO, timeToLive=60_000, messageId="dup", variables="{}"
    )
    with grpc.insecure_channel(served.address) as channel:
        stub = GatewayStub(channel)
        stub.PublishMessage(request, timeout=10)
        with pytest.raises(grpc.RpcError) as refused:
            stub.PublishMessage(request, timeout=10)
    assert refused.value.code() is grpc.StatusCode.ALREADY_EXISTS  # type: ignore[attr-defined]


def test_a_duplicate_message_id_counts_as_published_and_is_delivered_once(
    engine: Any, served: ServerHandle
) -> None:
    publisher = GrpcPublisher.at(served.address)
    _publish(publisher, "judg-A", judgmentCaseNo="first")
    _publish(publisher, "judg-A", judgmentCaseNo="first")  # the answer to the first was "lost"

    first, second = start_waiting(engine), start_waiting(engine)

    eventually(lambda: completed(engine, first) or completed(engine, second))
    assert [completed(engine, first), completed(engine, second)].count(True) == 1
    _publish(publisher, "judg-B")  # a different event does reach the other instance
    eventually(lambda: completed(engine, first) and completed(engine, second))
    publisher.close()


def test_an_unreachable_gateway_is_a_retryable_failure() -> None:
    publisher = GrpcPublisher(GatewayConnection("127.0.0.1:1", timeout_s=5))
    with pytest.raises(PublishFailed) as failed:
        _publish(publisher, "x")
    assert failed.value.retryable and failed.value.status == "UNAVAILABLE"
    assert "judgment-effective" in failed.value.message and "127.0.0.1:1" in failed.value.message
    publisher.close()


def test_variables_that_are_not_an_object_are_a_lasting_refusal(served: ServerHandle) -> None:
    publisher = GrpcPublisher.at(served.address)
    with pytest.raises(PublishFailed) as failed:
        publisher.publish("judgment-effective", LOAN_NO, {"bad": float("nan")}, "nan", TTL)
    assert not failed.value.retryable and failed.value.status == "INVALID_ARGUMENT"
    publisher.close()


def test_every_event_kind_has_a_time_to_live() -> None:
    assert set(MESSAGE_TTL) == {kind.message_name for kind in loans.EventKind}
    assert ttl_for("judgment-effective") == timedelta(days=30)
    assert ttl_for("risk-signal-reported", override_days=0) == timedelta(0)
    with pytest.raises(ValidationFailed, match="no time to live is defined for message 'nope'"):
        ttl_for("nope")


def test_oauth_settings_given_in_part_are_refused() -> None:
    with pytest.raises(ValueError, match="XDT_ZEEBE_CLIENT_SECRET, XDT_ZEEBE_TOKEN_URL"):
        GrpcPublisher.from_settings(Settings(zeebe_client_id="xdt"))


# -- TLS and OAuth ----------------------------------------------------------------------------


@dataclass
class TokenServer:
    url: str
    requests: list[dict[str, list[str]]] = field(default_factory=list)
    secret: str = "client-secret"


@pytest.fixture
def token_server() -> Iterator[TokenServer]:
    server = TokenServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            server.requests.append(form)
            ok = form.get("client_secret") == [server.secret]
            body = json.dumps({"access_token": TOKEN, "expires_in": 3600} if ok else {"error": "denied"})
            self.send_response(200 if ok else 401)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:
            pass

    http = HTTPServer(("127.0.0.1", 0), Handler)
    server.url = f"http://127.0.0.1:{http.server_port}/oauth/token"
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield server
    http.shutdown()
    http.server_close()


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert)]
        + ["-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def secured(engine: Any, certificate: tuple[Path, Path]) -> Iterator[ServerHandle]:
    cert, key = certificate
    options = GatewayOptions(tls_cert=cert, tls_key=key, bearer_tokens=frozenset({TOKEN}))
    handle = run_in_thread(engine, port=0, gateway=options)
    try:
        yield handle
    finally:
        handle.stop()


def _settings(secured: ServerHandle, cert: Path, token_server: TokenServer, **over: Any) -> Settings:
    values: dict[str, Any] = {
        "gateway_address": f"localhost:{secured.port}",
        "zeebe_tls": True,
        "zeebe_root_certificates": cert,
        "zeebe_client_id": "xdt-services",
        "zeebe_client_secret": "client-secret",
        "zeebe_token_url": token_server.url,
        "zeebe_token_audience": "zeebe-api",
    }
    return Settings(**{**values, **over})


def test_tls_with_an_oauth_token(
    engine: Any, secured: ServerHandle, certificate: tuple[Path, Path], token_server: TokenServer
) -> None:
    instance = start_waiting(engine)
    publisher = GrpcPublisher.from_settings(_settings(secured, certificate[0], token_server))

    _publish(publisher, "tls-1")
    _publish(publisher, "tls-2")

    eventually(lambda: completed(engine, instance))
    assert len(token_server.requests) == 1  # the token is reused until it nearly expires
    form = token_server.requests[0]
    assert (form["grant_type"], form["client_id"], form["audience"]) == (
        ["client_credentials"],
        ["xdt-services"],
        ["zeebe-api"],
    )
    publisher.close()


def test_a_refused_token_or_none_is_a_retryable_failure(
    secured: ServerHandle, certificate: tuple[Path, Path], token_server: TokenServer
) -> None:
    wrong = GrpcPublisher.from_settings(
        _settings(secured, certificate[0], token_server, zeebe_client_secret="wrong")
    )
    with pytest.raises(PublishFailed) as no_token:
        _publish(wrong, "tls-3")
    assert no_token.value.status == "UNAUTHENTICATED" and no_token.value.retryable
    assert token_server.url in no_token.value.message

    anonymous = GrpcPublisher(
        GatewayConnection(
            f"localhost:{secured.port}", tls=True, root_certificates=certificate[0].read_bytes()
        )
    )
    with pytest.raises(PublishFailed) as refused:
        _publish(anonymous, "tls-4")
    assert refused.value.status == "UNAUTHENTICATED" and refused.value.retryable
    wrong.close()
    anonymous.close()
