from celery.schedules import crontab

BEAT = {
    # Collectives hear on Monday mornings who passes through their area.
    "matching-collective-digests": {
        "task": "travel.matching.tasks.send_collective_digests",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
}
