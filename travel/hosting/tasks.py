"""Hosting's periodic job. Tasks take ids only (never an address), re-read, and are safe
to run twice; emails go through the outbox (travel/hosting/emails.py)."""

from __future__ import annotations

from celery import shared_task

from travel.hosting.services import stay_requests_expire


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def expire_stay_requests() -> int:
    """Expire pending requests that reached their arrival date or waited 7 days."""
    return stay_requests_expire()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def ask_stay_references() -> int:
    from travel.hosting.services import stays_ask_references

    return stays_ask_references()
