"""Badges: the criterion vocabulary, the award engine, the staff catalog and holder reads."""
