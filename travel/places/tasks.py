"""The places app's Celery tasks (found by autodiscovery): the street geocoder's lookup,
defined beside what it does in travel/places/street.py."""

from travel.places.street import street_geocode

__all__ = ["street_geocode"]
