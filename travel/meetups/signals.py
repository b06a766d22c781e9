"""`meetup_changed` is sent after a meet-up's transaction commits (created, updated or
cancelled), with `meetup_id` and `change`. The matcher connects to it to re-run
suggestions; receivers must not assume they run inside a request."""

from django.dispatch import Signal

meetup_changed = Signal()
