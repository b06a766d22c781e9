"""Shared fixtures: the places of the reference journey, and the standard cast.

Every view and API test uses the same people: `owner` (whose things are tested),
`member` (another signed-in member), `outsider` (a member with no tie to the owner;
same rights as member unless the test gives them some), `blocked` (blocked by the
owner), and anonymous `client`.
"""

from __future__ import annotations

import io
import itertools
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client

from accounts.models import Block, User
from travel.places.models import Place

# The countries of the reference journey (Tromsø, Oslo, south Sweden, Copenhagen, Berlin),
# their towns of 5,000 people or more (Narvik, Fauske, Ystad; ~3,600 towns): the real
# loader, on a subset that keeps the run fast (tests/places loads cities500 itself).
JOURNEY_COUNTRIES = "NO,SE,DK,DE"
JOURNEY_MIN_POPULATION = 5000
_emails = itertools.count(1)


def _load_journey_places() -> None:
    call_command(
        "load_places",
        countries=JOURNEY_COUNTRIES,
        min_population=JOURNEY_MIN_POPULATION,
        verbosity=0,
        stdout=io.StringIO(),
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Loads the journey's places once per run (tests roll back around them)."""
    with django_db_blocker.unblock():
        _load_journey_places()


@pytest.fixture
def places(db):
    """Places by ascii name, e.g. places["oslo"], places["sweden"]."""

    def get(name: str) -> Place:
        from travel.places.selectors import places_search

        found = places_search(q=name, limit=1)
        assert found, f"no place {name!r} in the test gazetteer"
        return found[0]

    return get


def make_member(email: str | None = None, **fields: object) -> User:
    email = email or f"member{next(_emails)}@example.org"
    fields.setdefault("display_name", email.split("@")[0].title())
    user = User.objects.create_user(email=email, password="a long test password", **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def owner(db) -> User:
    return make_member("owner@example.org", display_name="Olive Owner")


@pytest.fixture
def member(db) -> User:
    return make_member("member@example.org", display_name="Mel Member")


@pytest.fixture
def outsider(db) -> User:
    return make_member("outsider@example.org", display_name="Otto Outsider")


@pytest.fixture
def blocked(db, owner) -> User:
    user = make_member("blocked@example.org", display_name="Bea Blocked")
    Block.objects.create(blocker=owner, blocked=user)
    return user


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return client_for(owner)


@pytest.fixture
def member_client(member) -> Client:
    return client_for(member)


@pytest.fixture
def blocked_client(blocked) -> Client:
    return client_for(blocked)


@pytest.fixture(autouse=True)
def _eager_tasks_unless_a_worker_runs(request, settings):
    """Tests run tasks in-process unless they ask for the real worker (`celery_worker`)."""
    from travel.celery import app

    eager = "real_worker" not in request.fixturenames
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def _session_worker(django_db_blocker):
    """One Celery worker thread for the run, consuming from the real Redis broker."""
    import os

    from celery.contrib.testing.worker import start_worker

    from travel.celery import app

    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("needs Redis: set CELERY_BROKER_URL (CI's PostgreSQL pass does)")
    app.conf.task_always_eager = False
    with (
        django_db_blocker.unblock(),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        yield app


def _restore_reference_data() -> None:
    """Places of the journey and the seeded topics, after a flush emptied every table."""
    from travel.topics.catalogue import SEEDED
    from travel.topics.models import Topic

    _load_journey_places()
    for slug, name, _parent in SEEDED:
        Topic.objects.get_or_create(slug=slug, defaults={"name": str(name)})
    for slug, _name, parent in SEEDED:
        if parent:
            Topic.objects.filter(slug=slug).update(parent=Topic.objects.get(slug=parent))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Tests on a transactional database (real workers, live servers, races) end with a
    flush of every table; put the reference data back for the tests that follow."""
    yield
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in names
        or "live_server" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )
    # After the last test the test database is gone: nothing to restore.
    if transactional and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _restore_reference_data()


@pytest.fixture
def real_worker(_session_worker, transactional_db):
    """A real worker through Redis; the test's data is committed so the worker sees it."""
    from travel.celery import app

    app.conf.task_always_eager = False
    return _session_worker


def wait_for(condition, timeout: float = 15.0, interval: float = 0.1):
    """Poll until condition() is truthy (a worker acts asynchronously)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out waiting for the worker")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and quotas live in the cache, keyed by member ids that the rolled-back
    database hands out again: each test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield


# What differs between two 404 pages in the site layout by nature: the per-response
# masking of the CSRF token, and the page's own address in the language form.
_PER_RESPONSE = re.compile(
    rb'name="csrfmiddlewaretoken" value="[^"]*"|name="next" type="hidden" value="[^"]*"'
)


def assert_same_404(answer, missing) -> None:
    """A hidden thing answers exactly like a missing one: status AND body (P5, P9)."""
    assert answer.status_code == missing.status_code == 404
    assert _PER_RESPONSE.sub(b"", answer.content) == _PER_RESPONSE.sub(b"", missing.content)
