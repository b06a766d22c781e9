"""Every email is written by one function (travel/outbox `queue_email`): in the
recipient's language, with one subject prefix, as plain text."""

from __future__ import annotations

from django.utils import translation

from accounts.models import Connection
from accounts.services import connection_make
from tests.conftest import client_for, make_member
from travel.meetups.services import invitation_create
from travel.outbox.models import OutboxMessage
from travel.outbox.services import SUBJECT_PREFIX


def test_a_german_organizers_invitation_reaches_a_norwegian_member_in_norwegian(
    make_meetup,
):
    organizer = make_member("anke@example.org", display_name="Anke", language="de")
    norwegian = make_member("nils@example.org", display_name="Nils")
    # Nils picks Norwegian on the site; that is remembered for his emails.
    client_for(norwegian).post("/i18n/setlang/", {"language": "nb", "next": "/"})
    norwegian.refresh_from_db()
    assert norwegian.language == "nb"
    connection_make(a=organizer, b=norwegian, reason=Connection.Reason.MEETUP)
    # Anke works in German: the request that invites is in German.
    with translation.override("de"):
        meetup = make_meetup(organizer, title="Ada's union evening")
        invitation_create(meetup=meetup, actor=organizer, invitee=norwegian)

    mail = OutboxMessage.objects.get(recipient=norwegian)
    assert mail.subject.startswith(SUBJECT_PREFIX + "Invitasjon: ")
    assert "Ada's union evening i Oslo" in mail.subject
    assert "Einladung" not in mail.subject and "&#x27;" not in mail.subject + mail.body
    assert "Ada's union evening" in mail.body


def test_every_kind_of_email_carries_the_one_prefix(make_meetup, owner, member):
    from travel.meetups.services import meetup_cancel, rsvp_set

    meetup = make_meetup(owner)
    rsvp_set(meetup=meetup, user=member, answer="yes")
    meetup_cancel(meetup=meetup, actor=owner)
    subjects = list(OutboxMessage.objects.values_list("subject", flat=True))
    assert subjects and all(s.startswith("[Stopover] ") for s in subjects)
    assert not any(s.startswith("[Stopover] [Stopover]") for s in subjects)
