"""The web app manifest: Stopover installs on a phone's home screen."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image


def test_the_manifest_has_what_an_installable_app_needs(client, db):
    response = client.get(reverse("road:manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] and manifest["short_name"]
    assert manifest["start_url"].startswith("/")
    assert manifest["display"] in ("standalone", "fullscreen", "minimal-ui")
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes


def test_every_png_icon_is_the_size_it_claims(client, db):
    for icon in client.get(reverse("road:manifest")).json()["icons"]:
        if icon["type"] != "image/png":
            continue
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_every_page_links_the_manifest(client, db):
    html = client.get("/").content.decode()
    assert f'<link rel="manifest" href="{reverse("road:manifest")}">' in html


def test_the_offline_page_holds_nothing_personal(client, db):
    from tests.conftest import make_member

    client.force_login(make_member(display_name="Private Person"))
    html = client.get(reverse("road:offline")).content.decode()
    assert "Private Person" not in html and "Sign out" not in html
