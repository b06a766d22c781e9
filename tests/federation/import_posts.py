"""The reference journey as a traveller would post it, in each of the five languages.

Two weeks by train from Tromsø: leave on Monday 6 April, change trains in Narvik, Oslo
7–9 April, south Sweden (Skåne) from 10 April, maybe Copenhagen for a few days, then
Hamburg or Berlin. Written for a day in March 2026 (2026-04-06 is a Monday).
"""

POSTS = {
    "en": (
        "Two weeks by train from the Arctic! 🚆 I leave Tromsø on Monday (06.04), change "
        "trains in Narvik and arrive in Oslo on 7 April, staying until 9 April. Then south "
        "Sweden (Skåne) from 10 April, maybe Copenhagen for a few days, and finally Hamburg "
        "or Berlin.\n"
        "I'd love to meet people from housing co-ops, unions and hackerspaces on the way. I "
        "carry a hammock and a tent; a sofa or a floor is perfect too.\n"
        "Support the trip: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "mail olive [at] example [dot] org\n"
        "#solarpunk #mutualaid #FreeSoftware"
    ),
    "nb": (
        "To uker med tog fra Arktis! 🚆 Jeg reiser fra Tromsø mandag (06.04), bytter tog i "
        "Narvik og er i Oslo 7.–9. april. Så Sør-Sverige (Skåne) fra 10. april, kanskje "
        "København noen dager, og til slutt Hamburg eller Berlin.\n"
        "Vil gjerne møte folk fra borettslag, fagforeninger og hackerspaces underveis. Jeg "
        "har med hengekøye og telt; en sofa eller et gulv er også fint.\n"
        "Støtt turen: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "e-post olive [at] example [dot] org\n"
        "#solarpunk #gjensidighjelp #friprogramvare"
    ),
    "sv": (
        "Två veckor med tåg från Arktis! 🚆 Jag åker från Tromsø måndag (06.04), byter tåg i "
        "Narvik och är i Oslo 7–9 april. Sedan södra Sverige (Skåne) från 10 april, kanske "
        "Köpenhamn några dagar, och till sist Hamburg eller Berlin.\n"
        "Vill gärna träffa folk från bostadskooperativ, fackföreningar och hackerspaces på "
        "vägen. Jag har hängmatta och tält med mig; en soffa eller ett golv går också bra.\n"
        "Stötta resan: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "mejl olive [at] example [dot] org\n"
        "#solarpunk #ömsesidighjälp #friprogramvara"
    ),
    "da": (
        "To uger med tog fra Arktis! 🚆 Jeg rejser fra Tromsø mandag (06.04), skifter tog i "
        "Narvik og er i Oslo 7.–9. april. Så det sydlige Sverige (Skåne) fra 10. april, måske "
        "København et par dage, og til sidst Hamburg eller Berlin.\n"
        "Vil gerne møde folk fra bofællesskaber, fagforeninger og hackerspaces undervejs. Jeg "
        "har hængekøje og telt med; en sofa eller et gulv er også fint.\n"
        "Støt rejsen: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "mail olive [at] example [dot] org\n"
        "#solarpunk #gensidighjælp #fritsoftware"
    ),
    "de": (
        "Zwei Wochen mit dem Zug aus der Arktis! 🚆 Ich fahre am Montag (06.04) von Tromsø "
        "los, steige in Narvik um und bin vom 7. bis 9. April in Oslo. Dann Südschweden "
        "(Skåne) ab 10. April, vielleicht ein paar Tage Kopenhagen, und zum Schluss Hamburg "
        "oder Berlin.\n"
        "Ich würde gern Leute aus Wohnprojekten, Gewerkschaften und Hackerspaces treffen. Ich "
        "habe eine Hängematte und ein Zelt dabei; ein Sofa oder ein Platz auf dem Fußboden "
        "ist auch super.\n"
        "Unterstützt die Reise: https://liberapay.com/olive · Matrix: @olive:matrix.org · "
        "Mail olive [at] example [dot] org\n"
        "#solarpunk #GegenseitigeHilfe #FreieSoftware"
    ),
}
