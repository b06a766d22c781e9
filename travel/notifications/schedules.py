from datetime import timedelta

from celery.schedules import crontab

BEAT = {
    # "Immediately" emails: due after a short grace, batched per member (services).
    "notifications-send-due-emails": {
        "task": "travel.notifications.tasks.send_due_emails",
        "schedule": timedelta(seconds=10),
    },
    # The daily digest goes out in the morning; a member gets at most one a day.
    "notifications-send-digests": {
        "task": "travel.notifications.tasks.send_digests",
        "schedule": crontab(minute=0, hour="7,12,18"),
    },
}
