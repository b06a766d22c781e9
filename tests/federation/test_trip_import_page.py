"""The page "Import from a post": a preview that fills the ordinary new-trip form."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ContactChannel
from tests.federation.import_places import journey_places  # noqa: F401 (a fixture)
from tests.federation.import_posts import next_reference_monday, post
from travel.trips.models import Trip

pytestmark = pytest.mark.usefixtures("journey_places")
URL = reverse("trip_import")


def _read(client, **data):
    return client.post(URL, {"import": "1", "text": "", "url": "", **data})


def test_the_new_trip_page_links_to_the_import(owner_client):
    page = owner_client.get(reverse("trips:create")).content.decode()
    assert f'href="{URL}"' in page
    assert "Import from a post" in page


def test_it_needs_a_signed_in_member(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_preview_fills_the_new_trip_form_and_saves_nothing(owner_client):
    monday = next_reference_monday(timezone.localdate())
    response = _read(owner_client, text=post("nb", monday))

    assert response.status_code == 200
    page = response.content.decode()
    assert "What we read in your post" in page
    assert "Nothing is saved yet" in page
    formset = response.context["formset"]
    rows = [f.initial for f in formset.forms]
    assert [(r["place"] or r["country"]).name for r in rows][:3] == ["Tromsø", "Narvik", "Oslo"]
    assert rows[0]["arrive"] == monday
    assert [r["tentative"] for r in rows][-2:] == [True, True]
    form = response.context["form"]
    assert set(form.initial["needs"]) == {"sofa", "floor", "hammock", "tent"}
    assert form.initial["support_link"] == "https://liberapay.com/olive"
    assert "dates proposed: please check" in page
    assert "@olive:matrix.org" in page
    assert Trip.objects.count() == 0


def test_sending_the_filled_form_posts_the_trip(owner_client, owner):
    monday = next_reference_monday(timezone.localdate())
    preview = _read(owner_client, text=post("en", monday))
    form, formset = preview.context["form"], preview.context["formset"]
    data = {
        "title": form.initial["title"],
        "description": form.initial["description"],
        "visibility": "members",
        "needs": form.initial["needs"],
        "topics": [t.pk for t in form.initial["topics"]],
        "support_link": form.initial["support_link"],
        "stops-TOTAL_FORMS": str(len(formset.forms)),
        "stops-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(f.initial for f in formset.forms):
        data[f"stops-{i}-place"] = row["place"].pk if row["place"] else ""
        data[f"stops-{i}-country"] = row["country"].pk if row["country"] else ""
        data[f"stops-{i}-label"] = row["label"]
        data[f"stops-{i}-radius_km"] = row["radius_km"]
        data[f"stops-{i}-arrive"] = row["arrive"].isoformat()
        data[f"stops-{i}-depart"] = row["depart"].isoformat()
        if row["tentative"]:
            data[f"stops-{i}-tentative"] = "on"
    assert Trip.objects.count() == 0

    response = owner_client.post(URL, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    trip = Trip.objects.get(owner=owner)
    assert response["Location"] == trip.get_absolute_url()
    assert trip.stops.count() == 6
    assert trip.stops.first().place.name == "Tromsø"


def test_a_text_of_100_kb_is_refused_with_a_message(owner_client):
    response = _read(owner_client, text="Oslo " * 20_000)
    assert response.status_code == 400
    assert "at most" in response.content.decode()
    assert Trip.objects.count() == 0


def test_an_empty_import_asks_for_a_post(owner_client):
    response = _read(owner_client)
    assert response.status_code == 400
    assert "Paste the text of your post, or its address." in response.content.decode()


PROFILE_URL = reverse("trip_import_profile")


def test_the_preview_offers_the_posts_contacts_for_the_profile(owner_client):
    page = _read(owner_client, text=post("da")).content.decode()
    assert f'action="{PROFILE_URL}"' in page
    assert 'value="matrix @olive:matrix.org"' in page
    assert 'value="email olive@example.org"' in page


def test_ticked_contacts_join_the_profile_visible_to_connections_only(owner_client, owner):
    data = {
        "support_link": "https://liberapay.com/olive",
        "contact": ["matrix @olive:matrix.org", "email olive@example.org"],
    }
    response = owner_client.post(PROFILE_URL, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Added to your profile" in response.content.decode()
    owner.refresh_from_db()
    assert owner.support_link == "https://liberapay.com/olive"
    contacts = {(c.kind, c.value, c.visibility) for c in ContactChannel.objects.filter(user=owner)}
    assert contacts == {
        ("matrix", "@olive:matrix.org", "connections"),
        ("email", "olive@example.org", "connections"),
    }
    # Sent again (a second click), nothing is added twice.
    owner_client.post(PROFILE_URL, data)
    assert ContactChannel.objects.filter(user=owner).count() == 2


def test_a_bad_contact_is_refused_and_adds_nothing(owner_client, owner):
    response = owner_client.post(
        PROFILE_URL, {"contact": ["matrix not-a-matrix-id"]}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Matrix id" in response.content.decode()
    assert not ContactChannel.objects.filter(user=owner).exists()


def test_adding_to_the_profile_needs_a_signed_in_member(client):
    response = client.post(PROFILE_URL, {"contact": ["email a@example.org"]})
    assert response.status_code == 302
    assert not ContactChannel.objects.exists()
