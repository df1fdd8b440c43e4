"""TLS and the bearer-token check, driven through pyzeebe's own channel and credential helpers."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import grpc
import pytest
from pyzeebe import ZeebeClient, create_oauth2_client_credentials_channel, create_secure_channel
from pyzeebe.errors import UnknownGrpcStatusCodeError

from engine.gateway import Gateway, GatewayOptions, build_gateway
from tests.engine.gateway.recording_engine import RecordingEngine

TOKEN = "s3cret-token"

pytestmark = pytest.mark.skipif(
    shutil.which("openssl") is None, reason="openssl is needed to make a test certificate"
)


@dataclass
class Certificate:
    cert: Path
    key: Path


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return Certificate(cert, key)


@pytest.fixture
async def secured(certificate: Certificate) -> AsyncIterator[Gateway]:
    options = GatewayOptions(
        listen="127.0.0.1:0",
        tls_cert=certificate.cert,
        tls_key=certificate.key,
        bearer_tokens=frozenset({TOKEN}),
    )
    gw = await build_gateway(RecordingEngine(), options)
    await gw.start()
    yield gw
    await gw.stop(1.0)


def _address(gateway: Gateway) -> str:
    return f"localhost:{gateway.port}"


def _tls(certificate: Certificate) -> grpc.ChannelCredentials:
    return grpc.ssl_channel_credentials(root_certificates=certificate.cert.read_bytes())


async def test_static_token_over_tls_is_accepted(secured: Gateway, certificate: Certificate) -> None:
    credentials = grpc.composite_channel_credentials(
        _tls(certificate), grpc.access_token_call_credentials(TOKEN)
    )
    client = ZeebeClient(create_secure_channel(_address(secured), channel_credentials=credentials))
    topology = await client.topology()
    assert topology.cluster_size == 1


async def test_wrong_or_missing_token_is_unauthenticated(secured: Gateway, certificate: Certificate) -> None:
    for credentials in (
        grpc.composite_channel_credentials(_tls(certificate), grpc.access_token_call_credentials("wrong")),
        _tls(certificate),
    ):
        client = ZeebeClient(create_secure_channel(_address(secured), channel_credentials=credentials))
        with pytest.raises(UnknownGrpcStatusCodeError) as caught:
            await client.topology()
        assert caught.value.grpc_error.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_health_check_needs_no_token(secured: Gateway, certificate: Certificate) -> None:
    client = ZeebeClient(create_secure_channel(_address(secured), channel_credentials=_tls(certificate)))
    response = await client.healthcheck()
    assert response.status == response.ServingStatus.SERVING


class _TokenEndpoint(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def token_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _TokenEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/oauth/token"
    server.shutdown()


async def test_pyzeebe_oauth2_client_credentials_channel(
    secured: Gateway, certificate: Certificate, token_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the test token endpoint speaks plain HTTP
    channel = create_oauth2_client_credentials_channel(
        grpc_address=_address(secured),
        client_id="worker",
        client_secret="secret",
        authorization_server=token_server,
        audience="zeebe-api",
        channel_credentials=_tls(certificate),
    )
    topology = await ZeebeClient(channel).topology()
    assert topology.brokers[0].partitions[0].partition_id == 1
