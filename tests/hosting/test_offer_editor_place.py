"""Placing an offer: the editor opens at the member's home place, and the town search
gives each town's point so choosing it can centre the map."""

import json
import re

from django.urls import reverse


def editor_data(html: str) -> dict:
    found = re.search(
        r'<script id="offer-editor-data" type="application/json">(.*?)</script>', html
    )
    assert found, "no editor data"
    return json.loads(found.group(1))


def test_a_new_offer_opens_at_the_members_home_place(owner, owner_client, places):
    tromso = places("Tromsø")
    owner.home_place = tromso
    owner.save()
    html = owner_client.get(reverse("hosting:offer_create")).content.decode()
    assert editor_data(html)["home"] == [tromso.lat, tromso.lon]
    assert f'name="place" value="{tromso.pk}"' in html  # the town is chosen already
    assert "Tromsø, Norway" in html


def test_without_a_home_place_it_opens_on_no_ones_point(owner_client, db):
    html = owner_client.get(reverse("hosting:offer_create")).content.decode()
    assert "home" not in editor_data(html)


def test_the_town_search_gives_each_towns_point(client, places):
    lund = places("Lund")
    html = client.get("/places/pick", {"q": "Lund", "field": "id_place"}).content.decode()
    assert f'data-point="{lund.lat:.5f},{lund.lon:.5f}"' in html
