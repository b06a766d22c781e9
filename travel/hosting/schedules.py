from celery.schedules import crontab

BEAT = {
    "expire-stay-requests": {
        "task": "travel.hosting.tasks.expire_stay_requests",
        # Hourly, so a request expires within the hour its arrival date begins.
        "schedule": crontab(minute=7),
    },
}
