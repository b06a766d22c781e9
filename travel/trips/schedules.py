from celery.schedules import crontab

BEAT = {
    "purge-past-trips": {
        "task": "travel.trips.tasks.purge_past_trips",
        "schedule": crontab(minute=41, hour=3),
    },
}
