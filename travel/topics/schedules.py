from celery.schedules import crontab

BEAT = {
    "refresh-topic-weights": {
        "task": "travel.topics.tasks.refresh_topic_weights",
        "schedule": crontab(minute=17, hour="*/6"),
    },
}
