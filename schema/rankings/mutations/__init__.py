"""Ranking mutations (staff): rebuilding the boards."""

from schema.rankings.mutations.rebuild import RankingMutations

__all__ = ["RankingMutations"]
