"""The integer grid that every geo search filters on first.

Cells are 0.5 degree squares numbered row-major from the south-west corner. A search
around a point within a radius looks at the few cells that the radius can touch, an
index range scan, then computes exact great-circle distances on what is left.
"""

from __future__ import annotations

import math

CELL_DEGREES = 0.5
_COLUMNS = int(360 / CELL_DEGREES)
_ROWS = int(180 / CELL_DEGREES)
# A degree of latitude on geopy's great-circle sphere (R = 6371.009 km) is 111.195 km;
# a slightly smaller figure makes the cell set a safe superset of the circle.
KM_PER_DEGREE_LAT = 111.0


def cell_for(lat: float, lon: float) -> int:
    row = min(int((lat + 90.0) / CELL_DEGREES), _ROWS - 1)
    col = int(((lon + 180.0) % 360.0) / CELL_DEGREES) % _COLUMNS
    return row * _COLUMNS + col


def cells_within(lat: float, lon: float, radius_km: float) -> list[int]:
    """Every cell that holds a point within radius_km of (lat, lon).

    A superset: corners of the square around the circle are included, the caller
    computes exact distances afterwards.
    """
    dlat = radius_km / KM_PER_DEGREE_LAT
    lat_min, lat_max = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    # The widest longitude span is at the latitude nearest a pole within the band.
    widest = max(abs(lat_min), abs(lat_max))
    cos_lat = math.cos(math.radians(min(widest, 89.9)))
    dlon = radius_km / (KM_PER_DEGREE_LAT * cos_lat)
    if dlon >= 180:
        lon_min, lon_max = -180.0, 180.0 - 1e-9
    else:
        lon_min, lon_max = lon - dlon, lon + dlon
    row_min = int((lat_min + 90.0) / CELL_DEGREES)
    row_max = min(int((lat_max + 90.0) / CELL_DEGREES), _ROWS - 1)
    col_first = math.floor((lon_min + 180.0) / CELL_DEGREES)
    col_last = math.floor((lon_max + 180.0) / CELL_DEGREES)
    cols = {c % _COLUMNS for c in range(col_first, col_last + 1)}
    return sorted(row * _COLUMNS + col for row in range(row_min, row_max + 1) for col in cols)
