"""The house is tied together in one place (travel/wiring/house.py): no app listens to
another app's model signals, and every periodic task is in the one beat table."""

from __future__ import annotations

from django.apps import apps
from django.db.models import signals

from travel.wiring import house

MODEL_SIGNALS = (
    signals.pre_save,
    signals.post_save,
    signals.pre_delete,
    signals.post_delete,
    signals.m2m_changed,
)
OURS = ("travel.", "accounts")


def _owner(module: str) -> str | None:
    """The app config name a module of ours belongs to ("travel.trips", "accounts")."""
    for config in sorted(apps.get_app_configs(), key=lambda c: -len(c.name)):
        if module == config.name or module.startswith(config.name + "."):
            return config.name
    return None


def test_no_app_listens_to_another_apps_model_signals():
    crossing = []
    for signal in MODEL_SIGNALS:
        for model in apps.get_models(include_auto_created=True):
            sync, async_ = signal._live_receivers(model)
            for receiver in [*sync, *async_]:
                module = getattr(receiver, "__module__", "") or ""
                if not module.startswith(OURS):
                    continue
                if _owner(module) != model._meta.app_config.name:
                    crossing.append((signal, model.__name__, receiver))
    assert crossing == []


def test_every_periodic_task_in_the_one_table_exists():
    from travel.celery import app

    app.loader.import_default_modules()
    for name, entry in house.BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
    assert app.conf.beat_schedule.keys() >= house.BEAT_SCHEDULE.keys()
