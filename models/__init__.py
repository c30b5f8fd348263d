"""Tortoise models, one module per domain. ``MODEL_MODULES`` is what the ORM loads."""

MODEL_MODULES = [
    "models.accounts",
    "models.members",
    "models.notifications",
    "models.outbox",
    "models.audit",
    "models.loyalty",
    "models.routes",
    "models.circles",
    "models.events",
    "models.badges",
    "models.rankings",
    "models.parts",
]
