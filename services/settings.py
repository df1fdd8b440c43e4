"""Application settings, read from ``XDT_*`` environment variables and validated at start-up."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Settings for services, workers, the web app and the embedded engine process."""

    model_config = SettingsConfigDict(env_prefix="XDT_", env_file=".env", extra="ignore")

    db_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'xdt.db'}",
        description="Services database (SQLite file or postgresql+psycopg:// URL).",
    )
    engine_db_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'engine.db'}",
        description="Embedded engine state database; its tables are the engine's own.",
    )
    gateway_address: str = Field(default="127.0.0.1:26500", description="Zeebe gateway host:port.")
    rest_listen: str = Field(default="127.0.0.1:8088", description="Engine REST (v2) host:port.")
    web_listen: str = Field(default="127.0.0.1:8000", description="Services API / web host:port.")
    dev_mode: bool = Field(default=True, description="Allows pinning the clock; never in production.")
    holidays_dir: Path = Field(default=PROJECT_ROOT / "data" / "holidays")
    templates_dir: Path = Field(default=PROJECT_ROOT / "templates")
    bpmn_dir: Path = Field(default=PROJECT_ROOT / "bpmn")
    documents_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "documents", description="Where issued documents (PDF) are stored."
    )
    log_level: str = Field(default="INFO")

    # How the services reach the Zeebe gateway to publish messages (see docs/messaging.md).
    zeebe_tls: bool = Field(default=False, description="Use TLS towards gateway_address.")
    zeebe_root_certificates: Path | None = Field(
        default=None, description="PEM file of the CA that signed the gateway's certificate."
    )
    zeebe_client_id: str | None = Field(default=None, description="OAuth client id (client credentials).")
    zeebe_client_secret: SecretStr | None = Field(default=None, description="OAuth client secret.")
    zeebe_token_url: str | None = Field(default=None, description="OAuth token endpoint.")
    zeebe_token_audience: str | None = Field(default=None, description="OAuth audience of the token.")
    zeebe_request_timeout_s: float = Field(
        default=10.0, gt=0, le=300, description="Deadline of one publish call to the gateway."
    )
    message_ttl_days: int | None = Field(
        default=None, ge=0, le=3650, description="Overrides the per-message time to live, in days."
    )

    @field_validator("db_url", "engine_db_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql")):
            raise ValueError(
                f"unsupported database URL {value!r}: use sqlite:///PATH or postgresql+psycopg://..."
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError(f"unknown log level {value!r}")
        return upper


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, validated once."""
    return Settings()
