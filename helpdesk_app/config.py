"""Settings from HELPDESK_* environment variables (or a .env file)."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HELPDESK_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""  # empty: SQLite in data_dir
    signup_enabled: bool = True
    session_hours: int = 24 * 14
    # Cookies get the Secure flag when served over HTTPS (set behind a TLS proxy).
    secure_cookies: bool = False
    login_max_failures: int = 5
    login_window_minutes: int = 15

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'helpdesk.db').resolve()}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
