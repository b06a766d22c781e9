from celery.schedules import crontab

BEAT = {
    "message-notifications": {
        "task": "travel.messaging.tasks.send_message_notifications",
        "schedule": crontab(minute="*/10"),
    },
    "publish-due-references": {
        "task": "travel.messaging.tasks.publish_due_references",
        "schedule": crontab(minute=23),
    },
}
