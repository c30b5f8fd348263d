"""A unit's provenance as a GS1 EPCIS 2.0 JSON document: one ``ObjectEvent`` per chain event
(what: the unit's URI, when, where: the city as read point, why: the CBV business step), each
with its CBV 2.0 event hash as ``eventID`` and the chain's own sequence and hashes as
extension fields."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import quote

import runtime
from models.parts import EventKind, PartUnit, ProvenanceEvent
from services.core import clock
from services.errors import NotFound
from services.parts.canonical import timestamp
from services.parts.chain import events_of

NAMESPACE = "https://convoy.example/epcis/"
CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
BIZ_STEP = "https://ref.gs1.org/cbv/BizStep-"


def unit_uri(code: str) -> str:
    return f"{runtime.settings().public_base_url.rstrip('/')}/v/{code}"


def city_uri(city: str) -> str:
    return f"{NAMESPACE}city/{quote(city, safe='')}"


def _extensions(event: ProvenanceEvent) -> dict[str, str]:
    values = {
        "convoy:kind": str(event.kind),
        "convoy:seq": str(event.seq),
        "convoy:hash": event.hash,
        "convoy:prevHash": event.prev_hash,
    }
    if event.corrects_seq is not None:
        values["convoy:correctsSeq"] = str(event.corrects_seq)
    return values


def event_hash_prehash(event: ProvenanceEvent, code: str) -> str:
    """The CBV 2.0 event-hash pre-hash string of the exported event: the standard fields in
    the order the standard fixes, then the extension fields sorted, joined without
    separators."""
    parts = [
        "eventType=ObjectEvent",
        f"eventTime={timestamp(event.occurred_at)}",
        "eventTimeZoneOffset=+00:00",
        f"epcListepc={unit_uri(code)}",
        f"action={'ADD' if event.kind == EventKind.COMMISSIONED else 'OBSERVE'}",
        f"bizStep={BIZ_STEP}{event.business_step}",
    ]
    if event.city:
        parts.append(f"readPointid={city_uri(event.city)}")
    parts += sorted(
        "{" + NAMESPACE + "}" + name.removeprefix("convoy:") + "=" + _canonical_number(value)
        for name, value in _extensions(event).items()
    )
    return "".join(parts)


def _canonical_number(text: str) -> str:
    return str(int(text)) if text.isascii() and text.isdigit() else text  # isdigit admits "²"


def event_id(event: ProvenanceEvent, code: str) -> str:
    digest = hashlib.sha256(event_hash_prehash(event, code).encode()).hexdigest()
    return f"ni:///sha-256;{digest}?ver=CBV2.0"


def epcis_event(event: ProvenanceEvent, code: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "ObjectEvent",
        "eventID": event_id(event, code),
        "eventTime": timestamp(event.occurred_at),
        "eventTimeZoneOffset": "+00:00",
        "epcList": [unit_uri(code)],
        "action": "ADD" if event.kind == EventKind.COMMISSIONED else "OBSERVE",
        "bizStep": event.business_step,
    }
    if event.city:
        body["readPoint"] = {"id": city_uri(event.city)}
    body.update(_extensions(event))
    return body


async def epcis_document(*, code: str) -> dict[str, Any]:
    """The whole history of the unit with ``code`` as an EPCIS 2.0 document (public: it
    names no member). NOT_FOUND for an unknown code."""
    unit = await PartUnit.get_or_none(code=(code or "").strip().upper()[:32])
    if unit is None:
        raise NotFound(field="code")
    return document_of(unit, await events_of(unit.id))


def document_of(unit: PartUnit, events: list[ProvenanceEvent]) -> dict[str, Any]:
    return {
        "@context": [CONTEXT, {"convoy": NAMESPACE}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": timestamp(clock.now()),
        "epcisBody": {"eventList": [epcis_event(event, unit.code) for event in events]},
    }
