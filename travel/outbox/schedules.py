from datetime import timedelta

BEAT = {
    "outbox-requeue-stuck": {
        "task": "travel.outbox.tasks.requeue_stuck",
        "schedule": timedelta(minutes=1),
    },
}
