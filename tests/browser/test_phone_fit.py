"""Every main page fits a 360 px phone, for every demo role: nothing wider than the
screen (scrollWidth <= innerWidth) and no visible element clipped outside it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import User
from tests.browser.conftest import RESULTS
from tests.browser.helpers import sign_in
from travel.collectives.models import Collective
from travel.hosting.models import HostOffer, Spot, StayRequest
from travel.meetups.models import Meetup
from travel.messaging.models import Conversation
from travel.trips.models import Trip

# The demo's roles: a traveller, a host, an organizer of a union branch, a local.
ROLES = {"traveller": "ada", "host": "maja", "organizer": "sindre", "local": "lena"}

# Elements outside the viewport on purpose: map panes, hidden helpers, the skip link.
CLIPPED = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const skip = ".leaflet-container, .visually-hidden, .skip-link, [hidden], template";
    if (el.closest(skip)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
    if (box.right > width + 1 || box.left < -1) {
      const classes = typeof el.className === "string" ? el.className.trim() : "";
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (classes ? "." + classes.split(/\\s+/).join(".") : "");
      out.push(name + " [" + Math.round(box.left) + ", " + Math.round(box.right) + "]");
    }
  }
  return out.slice(0, 8);
}"""


def demo_pages(user: User) -> dict[str, str]:
    today = timezone.localdate()
    pages = {
        "dashboard": reverse("dashboard"),
        "trips": reverse("trips:list"),
        "trip-create": reverse("trips:create"),
        "sheet": reverse("road:sheet"),
        "hosting": reverse("hosting:mine"),
        "host-map": reverse("hosting:map"),
        "requests-received": reverse("hosting:inbox_host"),
        "requests-sent": reverse("hosting:inbox_sent"),
        "meetups": reverse("meetups:mine"),
        "meetups-near": reverse("meetups:near"),
        "collectives": reverse("collectives:index"),
        "messages": reverse("messaging:inbox"),
        "message-requests": reverse("messaging:requests"),
        "notifications": reverse("matching:notifications"),
        "settings": reverse("accounts:settings"),
        "profile": reverse("accounts:profile"),
        "contacts": reverse("accounts:contacts"),
        "blocks": reverse("accounts:blocks"),
        "tokens": reverse("accounts:tokens"),
        "data": reverse("accounts:data"),
    }
    if user.home_place_id:
        pages["passing-through"] = reverse("matching:passing_through") + (
            f"?place={user.home_place_id}&radius_km=50&start={today.isoformat()}"
            f"&end={(today + timedelta(days=30)).isoformat()}"
        )
    trip = Trip.objects.filter(owner__email="ada@demo.stopover.test").first()
    if trip:
        pages["trip"] = trip.get_absolute_url()
    offer = HostOffer.objects.filter(host=user).first() or HostOffer.objects.first()
    if offer:
        pages["offer"] = reverse("hosting:offer_detail", args=[offer.public_id])
        if offer.host_id == user.pk:
            pages["offer-edit"] = reverse("hosting:offer_edit", args=[offer.public_id])
            pages["availability"] = reverse("hosting:availability", args=[offer.public_id])
    stay = (
        StayRequest.objects.filter(traveller=user).first()
        or StayRequest.objects.filter(offer__host=user).first()
    )
    if stay:
        pages["stay-request"] = reverse("hosting:request_detail", args=[stay.public_id])
    spot = Spot.objects.first()
    if spot:
        pages["spot"] = reverse("hosting:spot_detail", args=[spot.public_id])
    meetup = Meetup.objects.first()
    if meetup:
        pages["meetup"] = reverse("meetups:detail", args=[meetup.public_id])
    collective = Collective.objects.first()
    if collective:
        pages["collective"] = reverse("collectives:detail", args=[collective.public_id])
    conversation = Conversation.objects.filter(participants__user=user).first()
    if conversation:
        pages["conversation"] = reverse("messaging:conversation", args=[conversation.public_id])
    return pages


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    # One long unbroken word in a title must wrap, not widen the page.
    Trip.objects.filter(owner__email="ada@demo.stopover.test").update(
        title="Tromsø–Oslo–Malmö–København–Hamburg–Berlin" + "Nordlandsbanen" * 6
    )


def misfits(page: Page, live_server, url: str, shot: str = "") -> list[str]:
    response = page.goto(live_server.url + url)
    page.wait_for_load_state("networkidle")
    if shot:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"phone-{shot}.png"), full_page=True)
    if response is None or response.status >= 400:
        return [f"{url}: status {response and response.status}"]
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    found = [f"{url}: {width} px wide"] if width > inner else []
    clipped = page.evaluate(CLIPPED)
    if clipped:
        found.append(f"{url}: clipped {clipped}")
    return found


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_main_page_fits_a_360_px_phone(page: Page, live_server, demo, role):
    user = User.objects.get(email=f"{ROLES[role]}@demo.stopover.test")
    sign_in(page, live_server, user)
    problems: list[str] = []
    for name, url in demo_pages(user).items():
        shot = f"{role}-{name}" if role == "traveller" else ""
        problems += [f"{name} {p}" for p in misfits(page, live_server, url, shot)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_signed_out_pages_fit_a_360_px_phone(page: Page, live_server, demo):
    problems: list[str] = []
    for url in ("/", reverse("account_login"), reverse("account_signup")):
        problems += misfits(page, live_server, url)
    assert problems == [], "\n".join(problems)
