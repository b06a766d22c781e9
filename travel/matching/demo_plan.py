"""The demo's trip as a plan (idempotent): Ada's Oslo stop has an accepted stay with
Sindre, Lena offers to host her in Berlin (an invitation waiting for Ada), Tariq stayed
with Sindre last week and wrote a reference (Sindre is asked to write his), Maja
organises the potluck with answers, and Noor moderates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import Reference, User
from travel.hosting import selectors, services
from travel.hosting.models import HostOffer, StayRequest
from travel.messaging.references import reference_write
from travel.trips.models import Trip


def _offer(host: User) -> HostOffer | None:
    return HostOffer.objects.filter(host=host).order_by("created").first()


def load_trip_plan(ctx: dict[str, Any]) -> None:
    people: dict[str, User] = ctx["people"]
    today = ctx["today"]
    ada, sindre, lena, tariq = (people[k] for k in ("ada", "sindre", "lena", "tariq"))
    trip = Trip.objects.filter(owner=ada).order_by("starts").first()
    if trip is None:
        return
    stops = {s.place.name: s for s in trip.stops.select_related("place")}
    open_ = Q(status__in=["pending", "invited", "accepted"])

    # An accepted stay on the Oslo stop.
    oslo, offer = stops.get("Oslo"), _offer(sindre)
    if oslo and offer and not StayRequest.objects.filter(open_, stop=oslo).exists():
        nights = selectors.nights_within_windows(
            offer=offer, arrive=oslo.arrive, depart=oslo.depart
        )
        if nights:
            stay = services.stay_request_create(
                traveller=ada,
                offer=offer,
                stop=oslo,
                arrive=nights[0],
                depart=nights[1],
                guests=1,
                message="Hi Sindre! Could I sleep on your sofa before the union evening?",
                today=today,
            )
            services.stay_request_accept(stay_request=stay, by=sindre, today=today)

    # A host's offer to host, waiting for Ada's answer.
    berlin, offer = stops.get("Berlin"), _offer(lena)
    if berlin and offer and not StayRequest.objects.filter(open_, stop=berlin).exists():
        nights = selectors.nights_within_windows(
            offer=offer, arrive=berlin.arrive, depart=berlin.depart
        )
        if nights:
            services.stay_invitation_create(
                host=lena,
                offer=offer,
                stop=berlin,
                arrive=nights[0],
                depart=nights[1],
                message="Saw your trip: my sofa is free those nights, and the cats are friendly.",
                today=today,
            )

    # A stay that ended last week, with Tariq's reference waiting for Sindre's.
    offer = _offer(sindre)
    if offer and not StayRequest.objects.filter(traveller=tariq, offer=offer).exists():
        then = today - timedelta(days=8)
        services.availability_add(offer=offer, start=then, end=then + timedelta(days=4))
        past = services.stay_request_create(
            traveller=tariq,
            offer=offer,
            arrive=then,
            depart=then + timedelta(days=3),
            guests=1,
            message="Passing through Oslo for the transport workers' meeting.",
            today=then,
        )
        services.stay_request_accept(stay_request=past, by=sindre, today=then)
        services.stays_ask_references(today=today)
    ended = StayRequest.objects.filter(traveller=tariq, offer__host=sindre).first()
    key = f"stay:{ended.public_id}" if ended else ""
    if ended and not Reference.objects.filter(author=tariq, occasion=key).exists():
        reference_write(
            author=tariq,
            subject=sindre,
            kind="stayed_with",
            recommend=True,
            text="Sindre met me at the station at midnight and lent me a bike. Warmly recommended.",
            occasion=f"stay:{ended.public_id}",
            now=timezone.now(),
        )

    # A moderator (reports and held messages, in the admin).
    noor = User.objects.filter(email="noor@demo.stopover.test").first()
    if noor is None:
        from allauth.account.models import EmailAddress

        from accounts.demo import DEMO_PASSWORD

        noor = User.objects.create_user(
            email="noor@demo.stopover.test",
            password=DEMO_PASSWORD,
            display_name="Noor (moderator)",
            is_staff=True,
        )
        EmailAddress.objects.get_or_create(
            user=noor, email=noor.email, defaults={"verified": True, "primary": True}
        )
    people["noor"] = noor
