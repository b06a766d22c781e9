from celery.schedules import crontab

BEAT = {
    "expire-stay-requests": {
        "task": "travel.hosting.tasks.expire_stay_requests",
        # Hourly, so a request expires within the hour its arrival date begins.
        "schedule": crontab(minute=7),
    },
    "ask-stay-references": {
        "task": "travel.hosting.tasks.ask_stay_references",
        # The morning after a stay's last night.
        "schedule": crontab(minute=37, hour="*/3"),
    },
}
