from celery.schedules import crontab

BEAT = {
    "meetup-reminders": {
        "task": "travel.meetups.tasks.queue_due_reminders",
        "schedule": crontab(minute="*/10"),
    },
    "meetup-connections": {
        "task": "travel.meetups.tasks.connect_meetup_attendees",
        "schedule": crontab(minute=41),
    },
}
