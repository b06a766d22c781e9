"""Issue 14, reproduction 8: a flood guard that tells the truth and spares travellers.

Texts of our own: a bot's template in 12 disguises, a traveller's personalised stay
question to the six hosts of their trip, and 200 genuinely different first messages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from tests.conftest import client_for, make_member
from tests.hosting.conftest import make_offer
from travel.messaging import services
from travel.messaging.models import Message
from travel.trips.services import StopInput, trip_create

pytestmark = pytest.mark.django_db

BOT = [
    "Earn 500 euro a day from home!! Visit quick-cash.example now, limited places",
    "EARN 500 EURO A DAY FROM HOME! visit quick-cash.example now - limited places",
    "Earn 500 euro a day from home, visit quick-cash.example now. Limited places!",
    "earn  500  euro  a  day  from  home  visit  quick-cash.example  now  limited  places",
    "Еarn 500 еuro a day frоm hоme!! Visit quick-cash.example now, limited places",
    "Earn 500 euro\u200b a day from home!! Visit quick-cash.example now, limited places",
    "Earn 500 euro a day from home!! Visit quick-cash.example today, limited places",
    "Hey! Earn 500 euro a day from home!! Visit quick-cash.example now, limited places",
    "Earn 500 euros a day from home!! Visit quick-cash.example now, limited places left",
    "Earn 500 euro a day from your home!! Visit quick-cash.example now, limited places",
    "Earn 500 euro a day from home!!! Visit quick-cash.example now!!! limited places",
    "Earn 500 euro per day from home!! Visit quick-cash.example now, limited places",
]
STAY = (
    "Hi {name}, could I stay on your sofa on {date}? I'm passing through {city} by train "
    "on my way south and would love to hear about your co-op. Happy to cook dinner!"
)
OPENERS = [
    "Your talk on rent strikes stayed with me all week.",
    "We met at the bike kitchen in Aarhus, I had the blue cargo bike.",
    "Our union branch is looking for someone who knows the port contracts.",
    "I read your zine about seed libraries and have a box of bean seeds for you.",
    "The hacklab moved to the old post office and there is a spare desk now.",
    "My cousin says you repair accordions, and mine lost its voice in the rain.",
    "Thank you for the map of the shelters along the coast, it saved our night.",
    "The food co-op needs a driver on Saturdays, any chance you still have the van?",
    "I translated your leaflet on tenant rights into Danish, want to check it?",
    "Sorry for the late answer about the solar panels, the roof survey is done.",
    "We are planning a reading circle on municipalism, would you join in May?",
]
MIDDLES = [
    "It would help to know which evenings suit you.",
    "The archive closes at six, so mornings are easier for me.",
    "There is no hurry at all, the season only starts in summer.",
    "I can bring the printed copies and the spare cables.",
    "Lena from the allotments sends her greetings too.",
    "The train from Kiel is late most days, so I may arrive after nine.",
    "Our budget covers the ferry but not the hostel.",
    "Two of us are vegan and one is allergic to nuts.",
    "The meeting minutes are on the shared drive under March.",
    "My Swedish is still terrible but I am practising with podcasts.",
    "The workshop could also run in the courtyard if it is warm.",
]
CLOSERS = [
    "Write back whenever you have a moment.",
    "Call me if that is simpler, my number is in my profile.",
    "Either way, good luck with the harvest!",
    "Looking forward to it, solidarity from the north.",
    "Let me know if I should ask someone else instead.",
    "Best wishes to everyone at the workshop.",
    "Until then, take care of the cats.",
    "If it does not work out, no worries at all.",
    "Hugs to the choir, I miss singing with you.",
    "Thanks again for everything last winter.",
    "See you at the assembly, I'll save you a seat.",
]


def established(**fields) -> User:
    user = make_member(**fields)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=90))
    user.refresh_from_db()
    return user


def genuine(sender: int, j: int, name: str) -> str:
    n = len(OPENERS)  # 11, prime: no two messages of one sender share a sentence
    return " ".join(
        [
            f"Hello {name},",
            OPENERS[(j + sender) % n],
            MIDDLES[(3 * j + sender) % n],
            CLOSERS[(5 * j + sender) % n],
        ]
    )


def test_a_bot_template_in_twelve_disguises_reaches_at_most_two(db):
    bot = established(display_name="Cash Bot")
    sent, refused = [], 0
    for text in BOT:
        try:
            sent.append(services.message_send(sender=bot, recipient=established(), body=text))
        except services.QuotaExceeded:
            refused += 1
    delivered = [m for m in sent if not m.held]
    assert len(delivered) <= 2
    # Held ones counted against the quota: the bot ran out after 10 new conversations.
    assert refused == 2 and len(sent) == 10
    assert all(m.held_reason for m in sent if m.held)
    bot.refresh_from_db()
    assert bot.flagged_at is not None


def test_the_sender_sees_a_held_message_waiting_for_a_moderator_with_the_reason(db):
    bot = established(display_name="Cash Bot")
    for text in BOT[:3]:
        last = services.message_send(sender=bot, recipient=established(), body=text)
    assert last.held
    client = client_for(bot)
    listed = client.get("/api/conversations").json()
    waiting = [c for c in listed if c["waiting_for_moderator"]]
    assert len(waiting) == 1 and waiting[0]["id"] == str(last.conversation.public_id)
    detail = client.get(f"/api/conversations/{last.conversation.public_id}").json()
    assert detail["messages"][0]["waiting_for_moderator"] is True
    assert "nearly the same text" in detail["messages"][0]["held_reason"]
    page = client.get(f"/messages/c/{last.conversation.public_id}/").content.decode()
    assert "Waiting for a moderator" in page and "nearly the same text" in page
    inbox = client.get("/messages/").content.decode()
    assert "Waiting for a moderator" in inbox
    # The recipient sees nothing of it.
    other = client_for(last.recipient)
    assert other.get("/api/requests").json() == []


def test_a_moderators_release_lifts_the_senders_flag(db):
    bot = established(display_name="Not a bot after all")
    for text in BOT[:3]:
        held = services.message_send(sender=bot, recipient=established(), body=text)
    bot.refresh_from_db()
    assert held.held and bot.flagged_at is not None
    assert services.message_release(message=held)
    bot.refresh_from_db()
    assert bot.flagged_at is None
    fresh = services.message_send(
        sender=bot, recipient=established(), body="Completely different: the choir meets Tuesday."
    )
    assert not fresh.held


def test_a_personalised_stay_question_to_six_hosts_of_one_trip_is_delivered(places):
    traveller = established(display_name="Ada Traveller")
    today = timezone.localdate()
    stops = [("Oslo", 5), ("Malmö", 8), ("Copenhagen", 11)]
    trip_create(
        owner=traveller,
        title="South by train",
        stops=[
            StopInput(
                place_id=places(city).pk,
                arrive=today + timedelta(days=d),
                depart=today + timedelta(days=d + 2),
            )
            for city, d in stops
        ],
    )
    sent = []
    for city, d in stops:
        place = places(city)
        for i in range(2):
            host = established(display_name=f"Host {city} {i}")
            make_offer(
                host,
                days=0,
                place=place,
                exact_lat=place.lat + 0.01 * (i + 1),
                exact_lon=place.lon,
            )
            body = STAY.format(
                name=host.display_name, date=(today + timedelta(days=d)).isoformat(), city=city
            )
            sent.append(services.message_send(sender=traveller, recipient=host, body=body))
    assert [m.held for m in sent] == [False] * 6
    traveller.refresh_from_db()
    assert traveller.flagged_at is None


def test_the_same_template_to_people_without_an_offer_on_the_way_is_held(places):
    traveller = established(display_name="Template Sender")
    sent = [
        services.message_send(
            sender=traveller,
            recipient=established(display_name=f"Stranger {i}"),
            body=STAY.format(name=f"Stranger {i}", date=f"2027-04-0{i + 1}", city="Oslo"),
        )
        for i in range(4)
    ]
    assert [m.held for m in sent] == [False, False, True, True]


def test_two_hundred_genuinely_different_first_messages_are_never_held(db):
    held = 0
    for s in range(25):
        sender = established(display_name=f"Writer {s}")
        for j in range(8):
            recipient = established(display_name=f"Reader {s}-{j}")
            message = services.message_send(
                sender=sender, recipient=recipient, body=genuine(s, j, recipient.display_name)
            )
            held += message.held
    assert held == 0
    assert Message.objects.count() == 200


def test_the_api_answers_a_held_first_message_with_201_and_says_so(db):
    bot = established(display_name="Cash Bot")
    client = client_for(bot)
    for text in BOT[:3]:
        response = client.post(
            "/api/conversations",
            json.dumps({"to": str(established().public_id), "body": text}),
            content_type="application/json",
        )
        assert response.status_code == 201
    assert response.json()["messages"][0]["waiting_for_moderator"] is True
