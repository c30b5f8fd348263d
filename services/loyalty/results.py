"""What ledger calls return."""

from __future__ import annotations

from dataclasses import dataclass

from models.loyalty import LedgerEntry, PointsHold


@dataclass(frozen=True)
class Posted:
    """A ledger entry and whether this call was a replay of an earlier one (nothing moved)."""

    entry: LedgerEntry
    replayed: bool


@dataclass(frozen=True)
class HoldOutcome:
    """A hold in its current state and whether this call was a replay."""

    hold: PointsHold
    replayed: bool
