"""`offer_changed(offer_id=…, deleted=…)`: an offer, its availability or its bookings
changed (or the offer is gone: deleted=True).

Sent after the transaction commits, with the offer's id only (the matcher connects to it
to re-run suggestions; hosting never imports the matcher).
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

offer_changed = Signal()


def send_offer_changed(*, offer_id: int, deleted: bool = False) -> None:
    """Send `offer_changed(offer_id=…, deleted=…)` once the transaction commits."""
    transaction.on_commit(
        lambda: offer_changed.send(sender="hosting", offer_id=offer_id, deleted=deleted),
        robust=True,
    )
