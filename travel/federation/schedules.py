from datetime import timedelta

BEAT = {
    "federation-requeue-due": {
        "task": "travel.federation.tasks.requeue_due",
        "schedule": timedelta(minutes=1),
    },
}
