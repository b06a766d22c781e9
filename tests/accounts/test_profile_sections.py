from django.urls import reverse
from django.utils import timezone

from accounts.models import Reference


def test_a_profile_offers_to_write_and_report(owner, member_client):
    html = member_client.get(reverse("accounts:member", args=[owner.public_id])).content.decode()
    assert reverse("messaging:compose", args=[owner.public_id]) in html
    assert reverse("messaging:report", args=["member", owner.public_id]) in html


def test_a_profile_shows_published_references_only(owner, member, outsider, member_client):
    Reference.objects.create(
        author=outsider,
        subject=owner,
        kind="met",
        recommend=True,
        text="Lovely to meet at the book fair",
        published_at=timezone.now(),
    )
    Reference.objects.create(
        author=member, subject=owner, kind="hosted", recommend=True, text="Not yet published"
    )
    html = member_client.get(reverse("accounts:member", args=[owner.public_id])).content.decode()
    assert "Lovely to meet at the book fair" in html
    assert "Not yet published" not in html
