"""The one place where the apps are tied together (see house.py)."""
