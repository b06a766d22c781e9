from celery.schedules import crontab

BEAT = {
    # Digests go out in the morning; a member gets at most one a day (Digest row).
    "matching-send-digests": {
        "task": "travel.matching.tasks.send_digests",
        "schedule": crontab(minute=0, hour="7,12,18"),
    },
    # Collectives hear on Monday mornings who passes through their area.
    "matching-collective-digests": {
        "task": "travel.matching.tasks.send_collective_digests",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
}
