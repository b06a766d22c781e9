"""The words a trip post is read by, in en, nb, sv, da and de.

Plain data for travel/federation/trip_import.py: month and weekday names, numbers,
units of time, the words that make a stop tentative, the small words that come before
a place ("from", "til", "nach"), needs and topics as travellers write them. Keys are
lower case; the reader compares case-insensitively. Kept apart so a translator or a
maintainer can add a word without reading the parser.
"""

from __future__ import annotations


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


LANGUAGES = ("en", "nb", "sv", "da", "de")

# Small words frequent in one language and rare in the others: enough to tell which
# language a post is in, so dateparser is asked in that language first.
LANGUAGE_MARKERS: dict[str, frozenset[str]] = {
    "en": _set(
        "the and from to with for maybe possibly then next week days trip i'm we're my our "
        "is are will be looking would love"
    ),
    "nb": _set(
        "jeg og fra til med for kanskje så neste uke uker dager tur reise skal "
        "være ikke hva hvor er ønsker noen hengekøye trenger"
    ),
    "sv": _set(
        "jag och från till med för kanske sedan nästa vecka veckor dagar resa ska "
        "vara inte vad var är önskar några hängmatta behöver"
    ),
    "da": _set(
        "jeg og fra til med for måske så næste uge uger dage tur rejse skal "
        "være ikke hvad hvor er ønsker nogle hængekøje har brug"
    ),
    "de": _set(
        "ich und von nach mit für vielleicht dann nächste woche wochen tage reise "
        "bin sind werde nicht was wo ist suche eine einen hängematte brauche"
    ),
}

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan januar januari jänner",
        "february feb februar februari",
        "march mar mars marts märz maerz",
        "april apr",
        "may mai maj",
        "june jun juni",
        "july jul juli",
        "august aug augusti",
        "september sep sept",
        "october oct oktober okt",
        "november nov",
        "december dec desember dezember des dez",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

# Monday is 0, as date.weekday() counts. Short forms only count right before a date.
WEEKDAYS: dict[str, int] = {}
WEEKDAYS_SHORT: dict[str, int] = {}
for _number, (_long, _short) in enumerate(
    [
        ("monday mandag måndag montag", "mon man mån mo"),
        ("tuesday tirsdag tisdag dienstag", "tue tues tir tis di"),
        ("wednesday onsdag mittwoch", "wed ons mi"),
        ("thursday torsdag donnerstag", "thu thur thurs tor tors do"),
        ("friday fredag freitag", "fri fre fr"),
        ("saturday lørdag lördag samstag sonnabend", "sat lør lör sa"),
        ("sunday søndag söndag sonntag", "sun søn sön so"),
    ]
):
    for _name in _long.split():
        WEEKDAYS[_name] = _number
    for _name in _short.split():
        WEEKDAYS_SHORT[_name] = _number

NUMBERS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "a an one en ei ett et ein eine einen einer",
        "two to två zwei",
        "three tre drei",
        "four fire fyra vier",
        "five fem fünf",
        "six seks sex sechs",
        "seven sju syv sieben",
        "eight åtte åtta otte acht",
        "nine ni nio neun",
        "ten ti tio zehn",
    ],
    start=1,
):
    for _name in _names.split():
        NUMBERS[_name] = _number
# "A few days" is read as three, "a couple of days" as two: a proposal the member confirms.
FEW = {
    "a few": 3,
    "a couple of": 2,
    "noen": 3,
    "noen få": 3,
    "et par": 2,
    "några": 3,
    "ett par": 2,
    "nogle": 3,
    "nogle få": 3,
    "ein paar": 3,
    "einige": 3,
}

# Units of time, in days.
UNITS: dict[str, int] = {}
for _days, _names in [
    (1, "day days dag dager dagar dage døgn tag tage tagen"),
    (1, "night nights natt netter nätter nat nætter nacht nächte"),
    (7, "week weeks uke uker uka ukers vecka veckor veckan veckors uge uger ugers woche wochen"),
]:
    for _name in _names.split():
        UNITS[_name] = _days

# Words that say the whole journey is meant ("a two-week trip", "zwei Wochen Reise").
TRIP_WORDS = _set(
    "trip journey tour travel travels travelling traveling reise reisen tur turen togtur "
    "togreise resa resan tågresa rejse rejsen togrejse fahrt zugreise unterwegs reiser "
    "reiste reser rejser fahre train tog tåg zug interrail"
)

# "next week", "neste uke" …: the Monday of next week.
NEXT_WEEK = ("next week", "neste uke", "neste veke", "nästa vecka", "næste uge", "nächste woche")
# Relative days dateparser reads well once found.
RELATIVE_DAYS = (
    "tomorrow",
    "i morgen",
    "imorgen",
    "i morgon",
    "imorgon",
    "übermorgen",
    "in two weeks",
    "in a week",
    "om en uke",
    "om to uker",
    "om en vecka",
    "om två veckor",
    "om en uge",
    "om to uger",
    "in einer woche",
    "in zwei wochen",
)

# Before a date: the date is when you leave ("until 9 April", "bis 9. April").
UNTIL_WORDS = _set("until till til inntil indtil bis")
# Between two dates or days: a range.
RANGE_WORDS = _set("to til till until bis and")
# Right before a number: it is a clock time, not a date ("kl. 06.04", "um 06.04").
TIME_WORDS = _set("kl klokka klokken klockan at um ca")

TENTATIVE_WORDS = _set(
    "maybe possibly perhaps probably might kanskje muligens muligvis kanske eventuelt "
    "eventuellt måske vielleicht eventuell evtl möglicherweise wahrscheinlich"
)
OR_WORDS = _set("or eller oder")
# Between two places of a list ("Oslo, Malmö and Copenhagen").
AND_WORDS = _set("and og och und then so så sedan dann deretter derefter")

# The small words right before a place that tell it is one.
PLACE_PREPOSITIONS = _set(
    "from to via in through thru towards toward until around near visit visiting reach "
    "leaving arrive arriving fra til gjennom mot innom forbi rundt ved nær i "
    "från till genom mot över förbi runt vid nära "
    "fra til gennem mod over forbi omkring ved nær "
    "von nach über durch bis richtung bei ab aus zu nahe im"
)

# Words written with a capital that are place names somewhere but hardly ever meant as
# such in a post, unless a preposition says so ("in Essen" is Essen; "Essen" is food).
COMMON_CAPITALISED = _set(
    "i a an the and or but so then maybe possibly hi hello hey thanks best nice man will "
    "mobile split reading bath sale march may van of on at as is it we my our "
    "hei hallo hej moin jeg vi vil og så men mo vik bo berg lom ski hell nes by sand moss "
    "jag och du de det den en ett som mig mitt vår "
    "ich wir die der das und oder aber dann essen halle hof bad boden zug mark ende wald "
    "platz wolle stadt liebe gruss grüße viele"
)

# Compass words before a country or region ("south Sweden", "Sør-Sverige", "södra
# Sverige") and as the first part of one word ("Sydsverige", "Südschweden").
DIRECTION_WORDS = _set(
    "south southern north northern west western east eastern central "
    "sør sørlige søndre nord nordlige nordre vest vestlige øst østlige midt "
    "söder södra norra västra östra mellersta syd "
    "sydlige det sydlige "
    "süd süden südliches südlichen nördliches nördlichen westliches östliches"
)
DIRECTION_PREFIXES = ("syd", "sor", "sud", "nord", "norr", "vest", "vast", "west", "ost", "ost")

# What a traveller needs, as PlaceKind values.
NEEDS: dict[str, str] = {}
for _kind, _names in [
    (
        "hammock",
        "hammock hammocks hammocking hengekøye hengekøya hengekøyen hengekøyer "
        "hängmatta hängmattan hängmattor hængekøje hængekøjen hängematte hängematten",
    ),
    (
        "sofa",
        "sofa sofaen couch couchsurfing soffa soffan bäddsoffa sovesofa sovesofaen "
        "schlafsofa schlafcouch",
    ),
    (
        "floor",
        "floor floorspace gulv gulvet gulvplass golv golvet fußboden fussboden isomatte "
        "liggeunderlag sovunderlag bodenplatz",
    ),
    ("tent", "tent tents telt teltet teltplass tält tältet tälta zelt zelten zeltplatz"),
    ("bed", "bed seng sengen säng sängen bett"),
    ("shower", "shower dusj dusch dusche brusebad"),
]:
    for _name in _names.split():
        NEEDS[_name] = _kind

# Words and hashtags that name one of our seeded topics (travel/topics/catalogue.py).
# Keys are lower case, without accents, spaces or dashes (as a hashtag is written).
TOPIC_WORDS: dict[str, str] = {}
for _slug, _names in [
    (
        "cooperatives",
        "coop coops cooperative cooperatives kooperativ kooperativer kooperativet "
        "kooperative andelslag samvirke genossenschaft genossenschaften",
    ),
    (
        "workers-coops",
        "workerscoop workerscoops workerscooperative workercoop arbeiterkooperative "
        "arbeiderkooperativ",
    ),
    (
        "housing-coops",
        "housingcoop housingcoops housingcooperative borettslag bostadskooperativ "
        "bofællesskab bofællesskaber bofellesskap hausprojekt wohnprojekt wohnprojekte "
        "wohnprojekten mietshaussyndikat",
    ),
    ("hosting-coops", "hostingcoop hostingcoops"),
    (
        "unions",
        "union unions tradeunion fagforening fagforeninger fackförening fackföreningar facket "
        "gewerkschaft gewerkschaften syndicalism syndikalisme",
    ),
    (
        "digital-self-determination",
        "digitalselfdetermination fediverse mastodon privacy personvern integritet datenschutz",
    ),
    (
        "free-software",
        "freesoftware foss floss opensource frivarevare friprogramvare friprogramvara "
        "fritsoftware freiesoftware linux",
    ),
    (
        "hacking-for-good",
        "hackingforgood hackerspace hackspace hackerspaces makerspace civictech",
    ),
    ("commons", "commons allmenning allmänning allmende gemeingüter"),
    ("anarchism", "anarchism anarchist anarkisme anarkism anarkist anarchismus anarchie"),
    ("anti-fascism", "antifascism antifascist antifa antifascisme antifascism antifaschismus"),
    ("solarpunk", "solarpunk"),
    ("internationalism", "internationalism internasjonalisme internationalismus"),
    (
        "climate-justice",
        "climatejustice klimarettferdighet klimaträttvisa klimaretfærdighed "
        "klimagerechtigkeit climatestrike klimastreik fridaysforfuture",
    ),
    (
        "mutual-aid",
        "mutualaid gjensidighjelp ömsesidighjälp gensidighjælp gegenseitigehilfe "
        "solidarität solidaritet solidarity",
    ),
]:
    for _name in _names.split():
        TOPIC_WORDS[_name] = _slug

# Words that say a link is for donations, and hosts that only serve donations.
SUPPORT_WORDS = _set(
    "donate donation donations support tip støtte støtt doner donere donasjon stöd stötta "
    "donera donation støt donér donere spende spenden unterstützen unterstützung"
)
SUPPORT_HOSTS = (
    "liberapay.com",
    "ko-fi.com",
    "patreon.com",
    "opencollective.com",
    "paypal.me",
    "buymeacoffee.com",
    "betterplace.org",
    "gofundme.com",
    "github.com/sponsors",
)

# Every small word above: capitalised, none of them is meant as a place without a
# preposition before it ("Sedan södra Sverige" starts with Swedish "then", not Sedan).
COMMON_WORDS = (
    COMMON_CAPITALISED
    | frozenset().union(*LANGUAGE_MARKERS.values())
    | TENTATIVE_WORDS
    | OR_WORDS
    | AND_WORDS
    | PLACE_PREPOSITIONS
    | UNTIL_WORDS
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)
