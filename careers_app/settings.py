"""Typed settings read from the environment, with safe defaults.

Nothing else in the app reads ``os.environ`` directly, so every knob is listed here
and in docs/configuration.md (the retention ones in docs/data-protection.md).
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypedDict
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_FILE = "secret_key"  # noqa: S105 (a file name) in the data dir, when CAREERS_SECRET_KEY is unset outside production
MIN_SECRET = 32
MIN_DEMO_PASSWORD = 12
DERIVED_STATES_MARKER = "CAREERS_STATES_DIR_DERIVED"  # REFLEX_STATES_WORKDIR came from the data dir


class SettingsError(RuntimeError):
    """Raised when the environment asks for something unsafe."""


@dataclass(frozen=True)
class Settings:
    environment: str
    data_dir: Path
    database_url: str
    upload_dir: Path
    configured_secret_key: str  # CAREERS_SECRET_KEY; "" when unset (never in production)
    base_url: str
    company_name: str
    port: int
    demo_password: str = ""  # CAREERS_DEMO_PASSWORD: every demo account's password (tests, benchmarks)
    trusted_proxy_hops: int = 0  # reverse proxies in front whose X-Forwarded-For is believed
    board_token: str = "careers"  # noqa: S105 (a URL segment) CAREERS_BOARD_TOKEN: the job board API's {board_token}
    smtp_url: str = ""  # CAREERS_SMTP_URL (smtp://, ?starttls=1, smtps://); "" writes .eml files
    mail_from: str = ""  # CAREERS_MAIL_FROM; "" means careers@<host of the base URL>
    reply_to: str = ""  # CAREERS_REPLY_TO; "" sends no Reply-To
    rejection_email_delay_minutes: int = 10  # CAREERS_REJECTION_EMAIL_DELAY_MINUTES: the undo window
    status_link_days: int = 90  # CAREERS_STATUS_LINK_DAYS: how long a candidate's status link works
    log_format: str = "text"  # CAREERS_LOG_FORMAT: "json" writes one JSON line per request and event
    # Retention (services/privacy/retention.py): days after a rejection or withdrawal before the daily
    # purge erases a person; per country (ISO code) overrides; a legal minimum nothing goes below.
    retention_days: int = 180  # CAREERS_RETENTION_DAYS
    retention_by_country: tuple[tuple[str, int], ...] = ()  # CAREERS_RETENTION_BY_COUNTRY=US=730,DE=180
    retention_minimum_days: int = 0  # CAREERS_RETENTION_MINIMUM_DAYS
    # CAREERS_EEO_RACE_STANDARD: "1997" (two-question set, today's form) or "2024" (one combined
    # question, several answers, Middle Eastern or North African added; services/candidates/race_2024.py).
    eeo_race_standard: str = "1997"
    # REFLEX_REDIS_URL (read by Reflex itself): with it, tabs' state lives in Redis; erasure
    # scrubs it there (services/privacy/personal_data.py). "" keeps state in files under state_dir.
    redis_url: str = ""
    # Where Reflex keeps each tab's state without Redis (REFLEX_STATES_WORKDIR, which Reflex
    # reads itself): by default in the private data dir, never the checkout's ``.states``;
    # careers_app/at_rest.py points Reflex here at start. "" means <data dir>/states.
    state_workdir: str = ""

    @property
    def state_dir(self) -> Path:
        return _path(self.state_workdir) if self.state_workdir else self.data_dir / "states"

    @property
    def mail_domain(self) -> str:
        """The host of the public URL: the right-hand side of Message-IDs and the default sender."""
        return urlsplit(self.base_url).hostname or "localhost"

    @property
    def sender(self) -> str:
        return self.mail_from or f"careers@{self.mail_domain}"

    @property
    def mail_drop_dir(self) -> Path:
        """Where messages go as .eml files when no SMTP server is configured."""
        return self.data_dir / "outbox"

    @property
    def secret_key(self) -> str:
        """The signing secret: CAREERS_SECRET_KEY, or one made once for this data dir, so that
        restarts and every worker agree without anyone choosing (or publishing) a key."""
        return self.configured_secret_key or stored_secret(self.data_dir)

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


def _check_production(secret_key: str, base_url: str, demo_password: str) -> None:
    """What production requires: a real secret key, an https:// URL and no demo password."""
    if len(secret_key) < MIN_SECRET:
        raise SettingsError("CAREERS_SECRET_KEY must be set to 32+ random characters in production")
    if not base_url.startswith("https://"):
        raise SettingsError("CAREERS_BASE_URL must be an https:// URL in production")
    if demo_password:
        raise SettingsError("CAREERS_DEMO_PASSWORD is for tests and benchmarks; production refuses it")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build settings from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    environment = env.get("CAREERS_ENV", "development").strip().lower()
    data_dir = _path(env.get("CAREERS_DATA_DIR", "data"))
    database_url = env.get("DATABASE_URL", "").strip() or f"sqlite:///{data_dir / 'careers.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://") :]
    upload_dir = _path(env.get("CAREERS_UPLOAD_DIR", str(data_dir / "uploads")))
    secret_key = env.get("CAREERS_SECRET_KEY", "").strip()
    demo_password = env.get("CAREERS_DEMO_PASSWORD", "")
    port = int(env.get("CAREERS_PORT", "3000"))
    hops = env.get("CAREERS_TRUSTED_PROXY_HOPS", "0").strip() or "0"
    if not hops.isdigit() or int(hops) > 5:
        raise SettingsError("CAREERS_TRUSTED_PROXY_HOPS must be a number of proxies from 0 to 5")
    base_url = env.get("CAREERS_BASE_URL", f"http://localhost:{port}").rstrip("/")
    company_name = env.get("CAREERS_COMPANY_NAME", "").strip() or "Twitter"
    board_token = env.get("CAREERS_BOARD_TOKEN", "").strip() or "careers"
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", board_token):
        raise SettingsError("CAREERS_BOARD_TOKEN must be 1-64 letters, digits, '-' or '_'")
    smtp_url = env.get("CAREERS_SMTP_URL", "").strip()
    if smtp_url and (urlsplit(smtp_url).scheme not in ("smtp", "smtps") or not urlsplit(smtp_url).hostname):
        raise SettingsError(
            "CAREERS_SMTP_URL must look like smtp://user:pass@host:587?starttls=1 or smtps://host:465"
        )
    mail_from = env.get("CAREERS_MAIL_FROM", "").strip()
    reply_to = env.get("CAREERS_REPLY_TO", "").strip()
    rejection_delay = env.get("CAREERS_REJECTION_EMAIL_DELAY_MINUTES", "").strip() or "10"
    if not rejection_delay.isdigit() or int(rejection_delay) > 7 * 24 * 60:
        raise SettingsError("CAREERS_REJECTION_EMAIL_DELAY_MINUTES must be minutes from 0 to 10080")
    link_days = env.get("CAREERS_STATUS_LINK_DAYS", "").strip() or "90"
    if not link_days.isdigit() or not 1 <= int(link_days) <= 730:
        raise SettingsError("CAREERS_STATUS_LINK_DAYS must be a number of days from 1 to 730")
    log_format = env.get("CAREERS_LOG_FORMAT", "").strip().lower() or "text"
    if log_format not in ("text", "json"):
        raise SettingsError("CAREERS_LOG_FORMAT must be text or json")
    for name, value in (("CAREERS_MAIL_FROM", mail_from), ("CAREERS_REPLY_TO", reply_to)):
        if value and ("@" not in value or "\n" in value or "\r" in value):
            raise SettingsError(f"{name} must be an email address")
    if environment == "production":
        _check_production(secret_key, base_url, demo_password)
    if demo_password and len(demo_password) < MIN_DEMO_PASSWORD:
        raise SettingsError(f"CAREERS_DEMO_PASSWORD must be at least {MIN_DEMO_PASSWORD} characters")
    return Settings(
        environment=environment,
        data_dir=data_dir,
        database_url=database_url,
        upload_dir=upload_dir,
        configured_secret_key=secret_key,
        base_url=base_url,
        company_name=company_name,
        port=port,
        demo_password=demo_password,
        trusted_proxy_hops=int(hops),
        board_token=board_token,
        smtp_url=smtp_url,
        mail_from=mail_from,
        reply_to=reply_to,
        rejection_email_delay_minutes=int(rejection_delay),
        status_link_days=int(link_days),
        log_format=log_format,
        **retention_settings(env),
        eeo_race_standard=race_standard(env),
        redis_url=env.get("REFLEX_REDIS_URL", "").strip(),
        # Set by careers_app/at_rest.py from a data dir (the marker says so): a child process
        # with another CAREERS_DATA_DIR (a test's app) derives its own instead of inheriting it.
        state_workdir="" if env.get(DERIVED_STATES_MARKER) else env.get("REFLEX_STATES_WORKDIR", "").strip(),
    )


@lru_cache(maxsize=8)
def stored_secret(data_dir: Path) -> str:
    """The data dir's own random key, created by whichever process needs it first.

    The key is written to a private temporary file and hard-linked into place, so two
    workers starting together cannot end up with different keys or a half-written file.
    """
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            tmp.unlink()
    secret = path.read_text().strip()
    if len(secret) < MIN_SECRET:
        raise SettingsError(f"{path} holds no usable key; delete it and a new one is made")
    return secret


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


RACE_STANDARDS = ("1997", "2024")


def race_standard(env: dict[str, str]) -> str:
    """Which federal race and ethnicity standard the wizard asks by (default 1997)."""
    value = env.get("CAREERS_EEO_RACE_STANDARD", "").strip() or "1997"
    if value not in RACE_STANDARDS:
        raise SettingsError(f"CAREERS_EEO_RACE_STANDARD must be 1997 or 2024, not {value!r}")
    return value


MAX_RETENTION_DAYS = 36_500


class RetentionSettings(TypedDict):
    retention_days: int
    retention_by_country: tuple[tuple[str, int], ...]
    retention_minimum_days: int


def _days(name: str, text: str) -> int:
    text = text.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_RETENTION_DAYS:
        raise SettingsError(f"{name} must be a number of days from 1 to {MAX_RETENTION_DAYS}, not {text!r}")
    return int(text)


def retention_settings(env: dict[str, str]) -> RetentionSettings:
    """The retention period, per-country overrides and the legal minimum, checked together:
    no period may be shorter than the minimum (a typo must not delete what the law says to keep)."""
    default = _days("CAREERS_RETENTION_DAYS", env.get("CAREERS_RETENTION_DAYS", "").strip() or "180")
    minimum_text = env.get("CAREERS_RETENTION_MINIMUM_DAYS", "").strip()
    minimum = _days("CAREERS_RETENTION_MINIMUM_DAYS", minimum_text) if minimum_text else 0
    by_country: dict[str, int] = {}
    for part in env.get("CAREERS_RETENTION_BY_COUNTRY", "").split(","):
        if not part.strip():
            continue
        code, sep, days_text = part.partition("=")
        code = code.strip().upper()
        if not sep or not re.fullmatch(r"[A-Z]{2}", code) or code in by_country:
            raise SettingsError(
                "CAREERS_RETENTION_BY_COUNTRY must look like US=730,DE=180 (two-letter country codes, "
                f"each once, and days), not {part.strip()!r}"
            )
        by_country[code] = _days(f"CAREERS_RETENTION_BY_COUNTRY ({code})", days_text)
    for name, days in (
        ("CAREERS_RETENTION_DAYS", default),
        *((f"CAREERS_RETENTION_BY_COUNTRY ({code})", d) for code, d in by_country.items()),
    ):
        if days < minimum:
            raise SettingsError(
                f"{name} is {days} days, below the legal minimum CAREERS_RETENTION_MINIMUM_DAYS={minimum}: "
                "raise it to at least the minimum"
            )
    return {
        "retention_days": default,
        "retention_by_country": tuple(sorted(by_country.items())),
        "retention_minimum_days": minimum,
    }
