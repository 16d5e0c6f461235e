"""Settings from HELPDESK_* environment variables (or a .env file)."""

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPDESK_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""  # empty: SQLite in data_dir
    signup_enabled: bool = True
    session_hours: int = 24 * 14
    # Cookies get the Secure flag when served over HTTPS (set behind a TLS proxy).
    secure_cookies: bool = False
    login_max_failures: int = Field(default=5, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    # Failed sign-ins from an address that fails across many accounts are answered this much later.
    login_slow_down_seconds: float = Field(default=1.0, ge=0, le=30)
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
    trusted_proxies: str = ""
    # X-Served-By on every answer: which app process (host:pid) answered, for running several.
    served_by_header: bool = False

    # Where people reach the help desk (as rxconfig.py reads it): links in canned replies (and, later,
    # mails) start with it. Empty: http://HELPDESK_HOST:HELPDESK_PORT.
    public_url: str = ""
    host: str = "127.0.0.1"
    port: int = 3000
    # Agents may create tags as they tag a ticket; with false only admins create them.
    tags_agents_create: bool = True

    # Attachments: where the bytes live, the limits, and virus scanning.
    storage: str = "local"  # local | s3
    s3_bucket: str = ""
    s3_endpoint_url: str = ""  # empty: AWS
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_region: str = "us-east-1"
    max_file_mb: int = 50
    max_files_per_ticket: int = 20
    max_ticket_mb: int = 500
    # An upload that sends nothing for this long is dropped (and holds a worker thread till then);
    # at most this many stream in at once, the rest wait their turn without holding a thread.
    upload_idle_seconds: int = 60
    # However it trickles in, an upload ends within this (500 MB at 1 Mbit/s take 70 minutes); the
    # attachment sweep leaves alone what is younger than this plus an hour.
    upload_max_seconds: int = Field(default=7200, gt=0)
    concurrent_uploads: int = 16
    virus_scan: str = "off"  # off | clamd
    clamd_socket: str = ""  # a unix socket path; or host and port below
    clamd_host: str = "127.0.0.1"
    clamd_port: int = 3310

    # The background worker (python -m helpdesk_app worker): how often it looks for due outbox entries,
    # how long a claim lasts before another worker may take the entry, and when it gives up on one.
    worker_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    worker_lease_seconds: int = Field(default=300, ge=10)
    outbox_max_attempts: int = Field(default=8, ge=1, le=100)
    outbox_keep_days: int = Field(default=7, ge=1)  # delivered entries are kept this long for looking into

    # Outgoing mail. With no SMTP host, mails are written as .eml files to DATA_DIR/outgoing-mail.
    smtp_host: str = ""
    smtp_port: int = Field(default=0, ge=0, le=65535)  # 0: 25, or 465 with tls, 587 with starttls
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    mail_from: str = "helpdesk@localhost"  # the From and Reply-To of every mail
    mail_from_name: str = "Help desk"
    # Events on one ticket for one person within this many seconds go out as one mail.
    notify_batch_seconds: int = Field(default=60, ge=0, le=86400)
    mail_max_attempts: int = Field(default=10, ge=1, le=100)
    # Account mail: how long a password reset link lasts, how many resets an address may ask for an hour.
    reset_link_minutes: int = Field(default=60, ge=5, le=24 * 60)
    verify_link_hours: int = Field(default=72, ge=1, le=24 * 30)
    reset_requests_per_hour: int = Field(default=3, ge=1, le=100)

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses_or_networks(cls, value: str) -> str:
        for item in (part.strip() for part in value.split(",")):
            if item:
                try:
                    ipaddress.ip_network(item, strict=False)
                except ValueError:
                    raise ValueError(f"{item!r} is not an IP address or network (like 10.0.0.0/8)") from None
        return value

    @property
    def site_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def outgoing_mail_dir(self) -> Path:
        return self.data_dir / "outgoing-mail"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'helpdesk.db').resolve()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
