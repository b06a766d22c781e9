"""The Celery application.

Tasks are Django-aware (`delay_on_commit`), acknowledged late and re-queued when a
worker dies, so a deploy that kills a worker mid-task loses nothing; tasks themselves
are idempotent so a redelivery changes nothing twice.
"""

import functools
import logging
import os
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travel.settings")
log = logging.getLogger("travel.celery")


class Task(DjangoTask):
    """`delay_on_commit` that never turns a committed change into a 500.

    When Redis is away the change is already committed; failing to queue its follow-up
    is logged instead of raised. Emails are safe regardless (travel/outbox re-queues
    them); derived work such as a match refresh runs again on the next change.
    """

    def _publish_quietly(self, method: Any, *args: Any, **kwargs: Any) -> None:
        try:
            method(*args, **kwargs)
        except (BrokerError, RedisConnectionError, RedisTimeoutError) as exc:
            log.warning("broker unavailable: %s not queued (%s)", self.name, exc)

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:
        transaction.on_commit(functools.partial(self._publish_quietly, self.delay, *args, **kwargs))

    def apply_async_on_commit(self, *args: Any, **kwargs: Any) -> None:
        transaction.on_commit(
            functools.partial(self._publish_quietly, self.apply_async, *args, **kwargs)
        )


app = Celery("travel", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _load_beat_schedule(sender: Celery, **kwargs: object) -> None:
    """Every periodic task is in one table, travel/wiring/house.py's BEAT_SCHEDULE."""
    from travel.wiring.house import BEAT_SCHEDULE

    sender.conf.beat_schedule.update(BEAT_SCHEDULE)
