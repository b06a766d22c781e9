"""The reference journey as a traveller would post it, in each of the five languages.

Two weeks by train from Tromsø: leave on Monday 6 April, change trains in Narvik, Oslo
7–9 April, south Sweden (Skåne) from 10 April, maybe Copenhagen for a few days, then
Hamburg or Berlin. `post(language, monday)` writes it for a trip that starts on that
Monday (the dates of Oslo and Skåne must fall in the Monday's month); `post(language)`
is the post as written in March 2026 for Monday 6 April 2026.
"""

from __future__ import annotations

from datetime import date, timedelta

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
}
REFERENCE_MONDAY = date(2026, 4, 6)
# The stops a draft of any of the posts has, in order (Skåne as the gazetteer names it).
JOURNEY = ["Tromsø", "Narvik", "Oslo", "Skåne", "Copenhagen", "Hamburg"]

POSTS = {
    "en": (
        "Two weeks by train from the Arctic! 🚆 I leave Tromsø on Monday ({start}), change "
        "trains in Narvik and arrive in Oslo on {a} {month}, staying until {b} {month}. Then south "
        "Sweden (Skåne) from {c} {month}, maybe Copenhagen for a few days, and finally Hamburg "
        "or Berlin.\n"
        "I'd love to meet people from housing co-ops, unions and hackerspaces on the way. I "
        "carry a hammock and a tent; a sofa or a floor is perfect too.\n"
        "Support the trip: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "mail olive [at] example [dot] org\n"
        "#solarpunk #mutualaid #FreeSoftware"
    ),
    "nb": (
        "To uker med tog fra Arktis! 🚆 Jeg reiser fra Tromsø mandag ({start}), bytter tog i "
        "Narvik og er i Oslo {a}.–{b}. {month}. Så Sør-Sverige (Skåne) fra {c}. {month}, kanskje "
        "København noen dager, og til slutt Hamburg eller Berlin.\n"
        "Vil gjerne møte folk fra borettslag, fagforeninger og hackerspaces underveis. Jeg "
        "har med hengekøye og telt; en sofa eller et gulv er også fint.\n"
        "Støtt turen: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "e-post olive [at] example [dot] org\n"
        "#solarpunk #gjensidighjelp #friprogramvare"
    ),
    "sv": (
        "Två veckor med tåg från Arktis! 🚆 Jag åker från Tromsø måndag ({start}), byter tåg i "
        "Narvik och är i Oslo {a}–{b} {month}. Sedan södra Sverige (Skåne) från {c} {month}, "
        "kanske Köpenhamn några dagar, och till sist Hamburg eller Berlin.\n"
        "Vill gärna träffa folk från bostadskooperativ, fackföreningar och hackerspaces på "
        "vägen. Jag har hängmatta och tält med mig; en soffa eller ett golv går också bra.\n"
        "Stötta resan: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "mejl olive [at] example [dot] org\n"
        "#solarpunk #ömsesidighjälp #friprogramvara"
    ),
    "da": (
        "To uger med tog fra Arktis! 🚆 Jeg rejser fra Tromsø mandag ({start}), skifter tog i "
        "Narvik og er i Oslo {a}.–{b}. {month}. Så det sydlige Sverige (Skåne) fra {c}. "
        "{month}, måske København et par dage, og til sidst Hamburg eller Berlin.\n"
        "Vil gerne møde folk fra bofællesskaber, fagforeninger og hackerspaces undervejs. Jeg "
        "har hængekøje og telt med; en sofa eller et gulv er også fint.\n"
        "Støt rejsen: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "mail olive [at] example [dot] org\n"
        "#solarpunk #gensidighjælp #fritsoftware"
    ),
    "de": (
        "Zwei Wochen mit dem Zug aus der Arktis! 🚆 Ich fahre am Montag ({start}) von Tromsø "
        "los, steige in Narvik um und bin vom {a}. bis {b}. {month} in Oslo. Dann Südschweden "
        "(Skåne) ab {c}. {month}, vielleicht ein paar Tage Kopenhagen, und zum Schluss Hamburg "
        "oder Berlin.\n"
        "Ich würde gern Leute aus Wohnprojekten, Gewerkschaften und Hackerspaces treffen. Ich "
        "habe eine Hängematte und ein Zelt dabei; ein Sofa oder ein Platz auf dem Fußboden "
        "ist auch super.\n"
        "Unterstützt die Reise: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "Mail olive [at] example [dot] org\n"
        "#solarpunk #GegenseitigeHilfe #FreieSoftware"
    ),
}


def post(language: str, monday: date = REFERENCE_MONDAY) -> str:
    assert monday.weekday() == 0 and (monday + timedelta(days=4)).month == monday.month
    return POSTS[language].format(
        start=monday.strftime("%d.%m"),
        a=(monday + timedelta(days=1)).day,
        b=(monday + timedelta(days=3)).day,
        c=(monday + timedelta(days=4)).day,
        month=MONTHS[language].split()[monday.month - 1],
    )


def next_reference_monday(today: date) -> date:
    """A Monday at least two weeks ahead whose Friday is in the same month."""
    day = today + timedelta(days=14 + (7 - today.weekday()) % 7)
    while (day + timedelta(days=4)).month != day.month:
        day += timedelta(days=7)
    return day
