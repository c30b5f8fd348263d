"""Benchmarks: each runs the system and a baseline in the same run and prints the ratio."""
