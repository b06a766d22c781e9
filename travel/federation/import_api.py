"""POST /api/trips/import: a trip draft from a post's text or address (issue 19).

The answer is a draft only; nothing is saved. Its `trip` is exactly the body that
POST /api/trips takes, so a client confirms by sending it there (after the member has
looked at it), and the page "Import from a post" fills the ordinary new-trip form with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from travel.federation.trip_import import (
    PostImportError,
    TripDraft,
    draft_from_text,
    draft_from_url,
)
from travel.trips.api import TripIn

router = Router(tags=["trips"])


class ImportIn(Schema):
    text: str | None = Field(None, description="The text of the post.")
    url: str | None = Field(None, description="The post's address (fetched as ActivityPub).")


class PlaceRef(Schema):
    id: int
    name: str
    kind: str
    country_code: str


class DraftStopOut(Schema):
    place: PlaceRef
    mentioned_as: str
    label: str
    arrive: date
    depart: date
    tentative: bool
    dates_proposed: bool = Field(
        description="The post did not say these dates; confirm or change them."
    )
    alternatives: list[PlaceRef]


class TopicRef(Schema):
    slug: str
    name: str


class ContactOut(Schema):
    kind: str
    value: str


class ProfileOffer(Schema):
    support_link: str
    contacts: list[ContactOut]


class DraftOut(Schema):
    saved: bool = Field(False, description="Always false: a draft is never saved.")
    language: str
    trip: TripIn = Field(description="The body to POST to /api/trips to save it.")
    stops: list[DraftStopOut]
    topics: list[TopicRef]
    needs: list[str]
    profile: ProfileOffer = Field(description="Found in the post, to add to your profile.")
    notes: list[str]


def _place(place: Any) -> dict[str, Any]:
    return {
        "id": place.pk,
        "name": place.name,
        "kind": str(place.kind),
        "country_code": place.country_code,
    }


def draft_out(draft: TripDraft) -> dict[str, Any]:
    return {
        "saved": False,
        "language": draft.language,
        "trip": draft.trip_input(),
        "stops": [
            {
                "place": _place(s.place),
                "mentioned_as": s.mentioned_as,
                "label": s.label,
                "arrive": s.arrive,
                "depart": s.depart,
                "tentative": s.tentative,
                "dates_proposed": s.dates_proposed,
                "alternatives": [_place(p) for p in s.alternatives],
            }
            for s in draft.stops
        ],
        "topics": [{"slug": t.slug, "name": str(t.display_name)} for t in draft.topics],
        "needs": draft.needs,
        "profile": {
            "support_link": draft.support_link,
            "contacts": [{"kind": str(c.kind), "value": c.value} for c in draft.contacts],
        },
        "notes": [str(n) for n in draft.notes],
    }


@router.post("", response=DraftOut, summary="A trip draft from a post (saves nothing)")
def import_trip(request: HttpRequest, payload: ImportIn) -> dict[str, Any]:
    """Reads a post (its `text`, or its `url` fetched as ActivityStreams JSON) and returns
    a draft: stops in order with dates, tentative flags, topics, needs, and a support
    link and contacts to offer for your profile. Send `trip` to POST /api/trips to save."""
    today = timezone.localdate()
    try:
        if payload.text is not None and payload.url is not None:
            raise PostImportError("text", _("Send either the text of a post or its url, not both."))
        if payload.url is not None:
            draft = draft_from_url(payload.url, today=today)
        else:
            draft = draft_from_text(payload.text or "", today=today)
    except PostImportError as exc:
        raise ValidationError({exc.field: exc.message}) from exc
    return draft_out(draft)
