"""The sandbox's state in SQLite: leads, the backend's `amo_crm_tokens`, amoCRM's grants.

One connection guarded by a lock; every call is a short statement, so the event loop
that serves the apps is never held for long. Leads are seeded with `executemany` and
indexed by the columns the filters use, so 50,000 of them seed and page quickly.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amogui.sandbox.seed import lead_rows

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leads (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    guest_name TEXT NOT NULL,
    guest_phone TEXT NOT NULL,
    guest_email TEXT NOT NULL,
    status TEXT NOT NULL,
    price INTEGER NOT NULL,
    amo_lead_id INTEGER NOT NULL,
    pipeline_id INTEGER NOT NULL,
    stage_id INTEGER NOT NULL,
    responsible_user_id INTEGER NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
-- As the real backend's table: user_id NULL is a "global" token.
CREATE TABLE IF NOT EXISTS amo_crm_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NULL,
    access_token TEXT NOT NULL,
    refresh_token TEXT NOT NULL,
    expires_at REAL NOT NULL,
    domain TEXT NOT NULL,
    account_id TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS amo_crm_tokens_user ON amo_crm_tokens (user_id);
-- amoCRM's side: authorization codes and issued tokens.
CREATE TABLE IF NOT EXISTS amo_codes (
    code TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    expires_at REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS amo_grants (
    token TEXT PRIMARY KEY,
    kind TEXT NOT NULL,            -- "access" or "refresh"
    account_id INTEGER NOT NULL,
    expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
"""

# Built after a bulk insert (faster than keeping them up to date row by row).
LEAD_INDEXES = {
    "leads_stage": "leads (stage_id, seq)",
    "leads_pipeline_stage": "leads (pipeline_id, stage_id, seq)",
    "leads_status": "leads (status, seq)",
}

LEAD_COLUMNS = (
    "seq, id, guest_name, guest_phone, guest_email, status, price, amo_lead_id, "
    "pipeline_id, stage_id, responsible_user_id, created_at, updated_at"
)


@dataclass(frozen=True)
class TokenRow:
    id: int
    user_id: str | None
    access_token: str
    refresh_token: str
    expires_at: float
    domain: str
    account_id: str


@dataclass(frozen=True)
class LeadFilter:
    pipeline_id: int | None = None
    stage_id: int | None = None
    status: str | None = None


class Store:
    def __init__(self, path: Path | None = None) -> None:
        target = str(path) if path is not None else ":memory:"
        # The apps may be served from another thread than the one that built the store
        # (Sandbox runs them in its own thread); the lock serialises every use.
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._lock:
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, params).fetchone()
            return row

    def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock:
            return self._db.execute(sql, params).rowcount

    # -- meta and seeding -------------------------------------------------------------
    def secret(self, name: str) -> str:
        """A random secret kept in the database, so a persistent sandbox keeps its JWTs."""
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                (name, secrets.token_urlsafe(32)),
            )
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
        return str(row["value"])

    def seed_leads(self, count: int, seed: int) -> None:
        """Seed `count` leads unless the database already holds exactly that seeding."""
        wanted = f"{count}:{seed}"
        row = self._one("SELECT value FROM meta WHERE key = 'leads'")
        if row is not None and row["value"] == wanted:
            return
        marks = ", ".join("?" * 13)
        with self._lock:
            self._db.execute("BEGIN")
            for name in LEAD_INDEXES:
                self._db.execute(f"DROP INDEX IF EXISTS {name}")
            self._db.execute("DELETE FROM leads")
            self._db.executemany(
                f"INSERT INTO leads ({LEAD_COLUMNS}) VALUES ({marks})",  # noqa: S608
                lead_rows(count, seed),
            )
            for name, target in LEAD_INDEXES.items():
                self._db.execute(f"CREATE INDEX {name} ON {target}")
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('leads', ?)", (wanted,)
            )
            self._db.execute("COMMIT")

    # -- leads ------------------------------------------------------------------------
    @staticmethod
    def _where(filters: Sequence[LeadFilter]) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for item in filters:
            parts = []
            for column, value in (
                ("pipeline_id", item.pipeline_id),
                ("stage_id", item.stage_id),
                ("status", item.status),
            ):
                if value is not None:
                    parts.append(f"{column} = ?")
                    params.append(value)
            clauses.append("(" + (" AND ".join(parts) or "1") + ")")
        return (" WHERE " + " OR ".join(clauses)) if clauses else "", params

    def leads(
        self, filters: Sequence[LeadFilter], offset: int, limit: int
    ) -> tuple[list[sqlite3.Row], int]:
        """One page of leads matching any of `filters` (all leads when empty), and the total."""
        where, params = self._where(filters)
        total_row = self._one(f"SELECT COUNT(*) AS n FROM leads{where}", params)  # noqa: S608
        rows = self._all(
            f"SELECT {LEAD_COLUMNS} FROM leads{where} ORDER BY seq LIMIT ? OFFSET ?",  # noqa: S608
            [*params, limit, offset],
        )
        return rows, int(total_row["n"]) if total_row else 0

    # -- the backend's tokens -----------------------------------------------------------
    def token_for_user(self, user_id: str | None) -> TokenRow | None:
        if user_id is None:
            sql = "SELECT * FROM amo_crm_tokens WHERE user_id IS NULL ORDER BY id DESC LIMIT 1"
            return _token(self._one(sql))
        sql = "SELECT * FROM amo_crm_tokens WHERE user_id = ? ORDER BY id DESC LIMIT 1"
        return _token(self._one(sql, (user_id,)))

    def any_token(self) -> TokenRow | None:
        return _token(self._one("SELECT * FROM amo_crm_tokens ORDER BY id DESC LIMIT 1"))

    def save_token(
        self,
        user_id: str | None,
        access: str,
        refresh: str,
        expires_at: float,
        domain: str,
        account_id: str,
        now: float,
    ) -> None:
        """Replace the user's (or the global) token with a new one."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM amo_crm_tokens WHERE user_id IS ?", (user_id,))
            self._db.execute(
                "INSERT INTO amo_crm_tokens (user_id, access_token, refresh_token, expires_at,"
                " domain, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (user_id, access, refresh, expires_at, domain, account_id, now, now),
            )
            self._db.execute("COMMIT")

    def update_token(
        self, row_id: int, access: str, refresh: str, expires_at: float, now: float
    ) -> None:
        self._run(
            "UPDATE amo_crm_tokens SET access_token = ?, refresh_token = ?, expires_at = ?,"
            " updated_at = ? WHERE id = ?",
            (access, refresh, expires_at, now, row_id),
        )

    def delete_tokens(self, user_id: str) -> int:
        return self._run("DELETE FROM amo_crm_tokens WHERE user_id = ?", (user_id,))

    def token_rows(self) -> list[TokenRow]:
        """Every stored token (for tests and the window's sandbox view)."""
        rows = self._all("SELECT * FROM amo_crm_tokens ORDER BY id")
        return [t for t in (_token(r) for r in rows) if t is not None]

    # -- amoCRM's codes and grants ------------------------------------------------------
    def add_code(self, code: str, client_id: str, account_id: int, expires_at: float) -> None:
        self._run(
            "INSERT INTO amo_codes (code, client_id, account_id, expires_at) VALUES (?, ?, ?, ?)",
            (code, client_id, account_id, expires_at),
        )

    def get_code(self, code: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM amo_codes WHERE code = ?", (code,))

    def claim_code(self, code: str) -> bool:
        """Mark a code used; False when it already was (single use, race-free)."""
        return self._run("UPDATE amo_codes SET used = 1 WHERE code = ? AND used = 0", (code,)) > 0

    def add_grant(self, token: str, kind: str, account_id: int, expires_at: float) -> None:
        self._run(
            "INSERT INTO amo_grants (token, kind, account_id, expires_at) VALUES (?, ?, ?, ?)",
            (token, kind, account_id, expires_at),
        )

    def get_grant(self, token: str, kind: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM amo_grants WHERE token = ? AND kind = ?", (token, kind))

    def revoke_grant(self, token: str) -> bool:
        """Revoke a grant; False when it already was (refresh tokens are single use)."""
        return (
            self._run("UPDATE amo_grants SET revoked = 1 WHERE token = ? AND revoked = 0", (token,))
            > 0
        )


def _token(row: sqlite3.Row | None) -> TokenRow | None:
    if row is None:
        return None
    return TokenRow(
        id=int(row["id"]),
        user_id=row["user_id"],
        access_token=row["access_token"],
        refresh_token=row["refresh_token"],
        expires_at=float(row["expires_at"]),
        domain=row["domain"],
        account_id=row["account_id"],
    )
