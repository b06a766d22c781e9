from celery.schedules import crontab

BEAT = {
    "publish-due-references": {
        "task": "travel.messaging.tasks.publish_due_references",
        "schedule": crontab(minute=23),
    },
}
