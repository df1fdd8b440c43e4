"""OAuth 2.0 client-credentials tokens for the Zeebe gateway (Camunda 8 / Identity).

A token is fetched once and reused until shortly before it expires, so a burst of publishes makes
one token request. The HTTP call is the only I/O; the monotonic clock is injectable for tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

REFRESH_MARGIN_S = 30.0  # renew this long before expiry so a call never carries a stale token
DEFAULT_LIFETIME_S = 300.0  # when the server does not say how long the token lives


class TokenUnavailable(RuntimeError):
    """The token endpoint did not issue a token (unreachable, refused, or a malformed answer)."""


@dataclass(frozen=True)
class ClientCredentials:
    """Where and as whom to ask for a token."""

    token_url: str
    client_id: str
    client_secret: str
    audience: str | None = None


class OAuthTokenSource:
    """Issues bearer tokens for gateway calls, cached until shortly before expiry."""

    def __init__(
        self,
        credentials: ClientCredentials,
        *,
        timeout_s: float = 10.0,
        monotonic: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._credentials = credentials
        self._timeout_s = timeout_s
        self._monotonic = monotonic
        self._transport = transport
        self._lock = threading.Lock()
        self._token: str | None = None
        self._valid_until = 0.0

    def token(self) -> str:
        """A valid access token.

        Raises:
            TokenUnavailable: naming the endpoint and what went wrong.
        """
        with self._lock:
            if self._token is None or self._monotonic() >= self._valid_until:
                self._token, lifetime = self._fetch()
                self._valid_until = self._monotonic() + max(lifetime - REFRESH_MARGIN_S, 0.0)
            return self._token

    def _fetch(self) -> tuple[str, float]:
        creds = self._credentials
        form = {
            "grant_type": "client_credentials",
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
        }
        if creds.audience:
            form["audience"] = creds.audience
        try:
            with httpx.Client(timeout=self._timeout_s, transport=self._transport) as http:
                answer = http.post(creds.token_url, data=form)
            answer.raise_for_status()
            body = answer.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise TokenUnavailable(f"no token from {creds.token_url}: {exc}") from exc
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise TokenUnavailable(f"no access_token in the answer of {creds.token_url}")
        lifetime = body.get("expires_in", DEFAULT_LIFETIME_S)
        return token, float(lifetime) if isinstance(lifetime, int | float) else DEFAULT_LIFETIME_S
