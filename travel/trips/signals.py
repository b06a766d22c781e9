"""Signals other apps listen to, so trips never import them (the matcher sits above us).

`trip_changed` is sent after the transaction that changed a trip commits, with
`trip_id` (the primary key) and `deleted` (True when the trip is gone). Receivers queue
their own work (recomputing suggestions); they must not assume the trip still exists.

`trip_saved` is sent inside that transaction, once the trip, its stops and its topics
are written, with `trip_id`: receivers keep derived indexes in step (the matcher's
StopTopic), so the index commits or rolls back with the trip itself.
"""

from __future__ import annotations

from django.dispatch import Signal

trip_changed = Signal()
trip_saved = Signal()
