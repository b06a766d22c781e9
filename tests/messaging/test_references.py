"""References: written between connected members, published together or after 14 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block, Reference
from tests.messaging.conftest import connect
from travel.messaging import tasks
from travel.messaging.references import reference_write
from travel.messaging.selectors import references_for


def write(author, subject, kind="met", text="Lovely person, great cook."):
    return reference_write(author=author, subject=subject, kind=kind, recommend=True, text=text)


def test_a_lone_reference_stays_hidden_until_the_other_writes(owner, member, outsider):
    connect(owner, member)
    first = write(owner, member, "hosted")
    assert first.published_at is None
    assert references_for(member, outsider) == []
    second = write(member, owner, "stayed_with")
    first.refresh_from_db()
    assert first.published_at is not None and second.published_at is not None
    assert references_for(member, outsider) == [first]


def test_it_publishes_after_fourteen_days(owner, member):
    connect(owner, member)
    reference = write(owner, member)
    Reference.objects.filter(pk=reference.pk).update(created=timezone.now() - timedelta(days=15))
    assert tasks.publish_due_references() == 1
    assert tasks.publish_due_references() == 0
    reference.refresh_from_db()
    assert reference.published_at is not None


def test_only_connected_members_may_write_one_per_occasion(owner, member, outsider):
    with pytest.raises(Http404):
        write(owner, outsider)
    connect(owner, member)
    write(owner, member)
    with pytest.raises(ValidationError):
        write(owner, member)


def test_blocked_authors_and_viewers_see_none(owner, member, blocked):
    connect(member, blocked)
    connect(owner, member)
    write(blocked, member)
    write(owner, member)
    Reference.objects.update(published_at=timezone.now())
    assert [r.author for r in references_for(member, owner)] == [owner]
    assert references_for(owner, blocked) == []


def test_the_partial_shows_text_escaped(owner, member, outsider):
    connect(owner, member)
    write(owner, member, text="<script>alert(1)</script>")
    Reference.objects.update(published_at=timezone.now())
    html = render_to_string(
        "messaging/_references.html", {"references": references_for(member, outsider)}
    )
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_the_form_page(owner, member, owner_client, member_client, blocked_client, client):
    path = reverse("messaging:reference_new", args=[member.public_id]) + "?kind=hosted"
    assert owner_client.get(path).status_code == 404  # not connected yet
    connect(owner, member)
    page = owner_client.get(path)
    assert page.status_code == 200
    assert '<option value="hosted" selected>' in page.content.decode()
    response = owner_client.post(
        path, {"kind": "hosted", "recommend": "yes", "text": "Great guest"}
    )
    assert response.status_code == 302
    assert Reference.objects.get().text == "Great guest"
    assert (
        owner_client.post(path, {"kind": "hosted", "recommend": "yes", "text": ""}).status_code
        == 400
    )
    Block.objects.create(blocker=member, blocked=owner)
    assert owner_client.get(path).status_code == 404
    assert client.get(path).status_code == 302
