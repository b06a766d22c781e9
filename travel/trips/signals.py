"""Signals other apps listen to, so trips never import them (the matcher sits above us).

`trip_changed` is sent after the transaction that changed a trip commits, with
`trip_id` (the primary key) and `deleted` (True when the trip is gone). Receivers queue
their own work (recomputing suggestions); they must not assume the trip still exists.
"""

from __future__ import annotations

from django.dispatch import Signal

trip_changed = Signal()
