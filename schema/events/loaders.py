"""Event loaders: one query per batch, per request."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from models.events import AssistanceRequest, Event, EventFeedback, EventOrganizer, Registration
from schema.loaders import BatchLoader, many_per_key, one_per_key
from services.core import clock
from services.core.actors import MemberActor
from services.core.sql import Sql
from services.events import assistance, feedback
from services.events.access import Standing, standings
from services.events.assistance import AssistanceSummary
from services.events.feedback import FeedbackSummary, Funnel
from services.events.requirements import Unmet, unmet_requirements
from services.events.seats import waitlist_positions


class EventByIdLoader(BatchLoader[int, Event | None]):
    async def load_batch(self, keys: list[int]) -> list[Event | None]:
        return one_per_key(keys, await Event.filter(id__in=keys), lambda row: row.id)


class RegistrationByIdLoader(BatchLoader[int, Registration | None]):
    async def load_batch(self, keys: list[int]) -> list[Registration | None]:
        return one_per_key(keys, await Registration.filter(id__in=keys), lambda row: row.id)


class OrganizersByEventLoader(BatchLoader[int, list[EventOrganizer]]):
    """Designated organizers and crew of each event, in the order they were added."""

    async def load_batch(self, keys: list[int]) -> list[list[EventOrganizer]]:
        rows = await EventOrganizer.filter(event_id__in=keys).order_by("id")
        return many_per_key(keys, rows, lambda row: row.event_id)


class ViewerRegistrationLoader(BatchLoader[tuple[int, int], Registration | None]):
    """A member's latest registration for each event (keys: member id, event id)."""

    async def load_batch(self, keys: list[tuple[int, int]]) -> list[Registration | None]:
        members = {member_id for member_id, _ in keys}
        events = {event_id for _, event_id in keys}
        rows = await Registration.filter(member_id__in=members, event_id__in=events).order_by("id")
        latest = {(row.member_id, row.event_id): row for row in rows}
        return [latest.get(key) for key in keys]


class WaitlistPositionLoader(BatchLoader[int, int | None]):
    """Place in line of WAITLISTED registrations (None for any other status)."""

    async def load_batch(self, keys: list[int]) -> list[int | None]:
        positions = await waitlist_positions(Sql(), keys)
        return [positions.get(key) for key in keys]


class UnmetRequirementsLoader(BatchLoader[tuple[int, int], list[Unmet]]):
    """What keeps a member from signing up for each event now (keys: member id, event id):
    one ``unmet_requirements`` call per member for all the events asked about."""

    async def load_batch(self, keys: list[tuple[int, int]]) -> list[list[Unmet]]:
        by_member: dict[int, set[int]] = defaultdict(set)
        for member_id, event_id in keys:
            by_member[member_id].add(event_id)
        events = {e.id: e for e in await Event.filter(id__in={k[1] for k in keys})}
        now = clock.now()
        found: dict[tuple[int, int], list[Unmet]] = {}
        for member_id, event_ids in by_member.items():
            wanted = [events[i] for i in sorted(event_ids) if i in events]
            for event_id, unmet in (await unmet_requirements(member_id, wanted, now=now)).items():
                found[(member_id, event_id)] = unmet
        return [found.get(key, []) for key in keys]


class StandingLoader(BatchLoader[tuple[int, tuple[str, ...], int], Standing | None]):
    """The viewer's rights on each event (keys: member id, staff roles, event id): two
    queries for any number of events, through ``access.standings``."""

    async def load_batch(
        self, keys: list[tuple[int, tuple[str, ...], int]]
    ) -> list[Standing | None]:
        by_actor: dict[tuple[int, tuple[str, ...]], set[int]] = defaultdict(set)
        for member_id, roles, event_id in keys:
            by_actor[(member_id, roles)].add(event_id)
        found: dict[tuple[int, tuple[str, ...], int], Standing] = {}
        for (member_id, roles), event_ids in by_actor.items():
            rights = await standings(MemberActor(id=member_id, roles=roles), event_ids)
            for event_id, standing in rights.items():
                found[(member_id, roles, event_id)] = standing
        return [found.get(key) for key in keys]


async def viewer_standings(info: Any, event_ids: Sequence[int]) -> list[Standing | None]:
    """The signed-in viewer's rights on each event (None for anonymous requests)."""
    viewer = await info.context.viewer()
    if viewer is None:
        return [None] * len(event_ids)
    roles = tuple(sorted(viewer.roles))
    loader = info.context.loaders.get(StandingLoader)
    return list(await loader.load_many([(viewer.id, roles, event_id) for event_id in event_ids]))


class FeedbackByRegistrationLoader(BatchLoader[int, EventFeedback | None]):
    async def load_batch(self, keys: list[int]) -> list[EventFeedback | None]:
        rows = await EventFeedback.filter(registration_id__in=keys)
        return one_per_key(keys, rows, lambda row: row.registration_id)


class FeedbackSummaryLoader(BatchLoader[int, FeedbackSummary]):
    async def load_batch(self, keys: list[int]) -> list[FeedbackSummary]:
        found = await feedback.summaries_by_event(keys)
        return [found[key] for key in keys]


class FunnelLoader(BatchLoader[int, Funnel]):
    async def load_batch(self, keys: list[int]) -> list[Funnel]:
        found = await feedback.funnels_by_event(keys)
        return [found[key] for key in keys]


class AssistanceRequestsLoader(BatchLoader[int, list[AssistanceRequest]]):
    async def load_batch(self, keys: list[int]) -> list[list[AssistanceRequest]]:
        found = await assistance.requests_by_event(keys)
        return [found[key] for key in keys]


class AssistanceSummaryLoader(BatchLoader[int, AssistanceSummary]):
    async def load_batch(self, keys: list[int]) -> list[AssistanceSummary]:
        found = await assistance.summaries_by_event(keys)
        return [found[key] for key in keys]
