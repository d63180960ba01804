"""Typed settings read from the environment, with safe defaults.

Nothing else in the app reads ``os.environ`` directly, so every knob is listed here
and in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_DEV_SECRET = "dev-only-secret-change-me"  # noqa: S105 (refused in production)


class SettingsError(RuntimeError):
    """Raised when the environment asks for something unsafe."""


@dataclass(frozen=True)
class Settings:
    environment: str
    data_dir: Path
    database_url: str
    upload_dir: Path
    secret_key: str
    base_url: str
    company_name: str
    port: int

    @property
    def allowed_origins(self) -> list[str]:
        """Websocket origins: the app's own (and its loopback twin in development)."""
        origins = [self.base_url]
        if not self.is_production:
            for a, b in (("//localhost:", "//127.0.0.1:"), ("//127.0.0.1:", "//localhost:")):
                if a in self.base_url:
                    origins.append(self.base_url.replace(a, b))
        return origins

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build settings from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    environment = env.get("CAREERS_ENV", "development").strip().lower()
    data_dir = _path(env.get("CAREERS_DATA_DIR", "data"))
    database_url = env.get("DATABASE_URL", "").strip() or f"sqlite:///{data_dir / 'careers.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://") :]
    upload_dir = _path(env.get("CAREERS_UPLOAD_DIR", str(data_dir / "uploads")))
    secret_key = env.get("CAREERS_SECRET_KEY", "") or _DEV_SECRET
    port = int(env.get("CAREERS_PORT", "3000"))
    base_url = env.get("CAREERS_BASE_URL", f"http://localhost:{port}").rstrip("/")
    company_name = env.get("CAREERS_COMPANY_NAME", "").strip() or "Twitter"
    if environment == "production":
        if secret_key == _DEV_SECRET or len(secret_key) < 32:
            raise SettingsError("CAREERS_SECRET_KEY must be set to 32+ random characters in production")
        if not base_url.startswith("https://"):
            raise SettingsError("CAREERS_BASE_URL must be an https:// URL in production")
    return Settings(
        environment=environment,
        data_dir=data_dir,
        database_url=database_url,
        upload_dir=upload_dir,
        secret_key=secret_key,
        base_url=base_url,
        company_name=company_name,
        port=port,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
