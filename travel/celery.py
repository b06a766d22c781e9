"""The Celery application.

Tasks are Django-aware (`delay_on_commit`), acknowledged late and re-queued when a
worker dies, so a deploy that kills a worker mid-task loses nothing; tasks themselves
are idempotent so a redelivery changes nothing twice.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travel.settings")

app = Celery("travel", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _load_beat_schedule(sender: Celery, **kwargs: object) -> None:
    """Each app declares its periodic tasks in `schedules.BEAT`; beat reads them all."""
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.schedules")
        except ModuleNotFoundError:
            continue
        sender.conf.beat_schedule.update(module.BEAT)
