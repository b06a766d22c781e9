"""Every change to a member's own account data: profile, contacts, blocks, API tokens.

Account deletion lives in accounts/data_rights.py.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.contacts import MAX_CONTACTS, contact_value_clean
from accounts.models import ApiToken, Block, ContactChannel, User
from travel import events
from travel.topics.models import Topic
from travel.topics.services import topic_get_or_create, topic_usage_refresh

PROFILE_FIELDS = frozenset(
    {
        "display_name",
        "pronouns",
        "bio",
        "home_place",
        "home_radius_km",
        "languages",
        "open_to_meet",
        "discoverable",
        "support_link",
        "profile_visibility",
    }
)
MAX_TOPICS = 30
MAX_API_TOKENS = 20


@transaction.atomic
def profile_update(
    *, user: User, data: dict[str, Any], new_topic_names: list[str] | None = None
) -> User:
    """Save profile fields. `data` comes from a validated form or API schema.

    `data["topics"]` (an iterable of Topics) replaces the member's topics;
    `new_topic_names` are created as topics (or found by slug) and added. Nothing is
    saved when any value is invalid.
    """
    data = dict(data)
    topics: list[Topic] | None = list(data.pop("topics")) if "topics" in data else None
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed here.")})
    for field, value in data.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    if data:
        user.save(update_fields=[*data.keys()])
    if new_topic_names:
        topics = list(topics if topics is not None else user.topics.all())
        for name in new_topic_names:
            try:
                topic = topic_get_or_create(name=name, created_by=user)
            except ValidationError as exc:
                raise ValidationError({"new_topics": exc.message_dict["name"]}) from None
            if topic not in topics:
                topics.append(topic)
    if topics is not None:
        if len(topics) > MAX_TOPICS:
            raise ValidationError({"topics": _("Choose at most %(n)d topics.") % {"n": MAX_TOPICS}})
        before = set(user.topics.values_list("pk", flat=True))
        user.topics.set(topics)
        # Five members using a member's topic approve it for everyone's pickers.
        topic_usage_refresh(topic_ids=list(before ^ {t.pk for t in topics}))
    changed = set(data) | ({"topics"} if topics is not None else set())
    if changed:
        events.emit(events.profile_changed, user_id=user.pk, fields=frozenset(changed))
    return user


def member_language_set(*, user: User, language: str) -> None:
    """Remember the site language a member uses (a code of settings.LANGUAGES); their
    emails are written in it. Unknown codes are ignored."""
    from django.conf import settings

    if language not in {code for code, _name in settings.LANGUAGES}:
        return
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def connection_make(*, a: User, b: User, reason: str) -> None:
    """Record that two members have met (an accepted stay, a meet-up, a reply).

    Idempotent: the first reason is kept. Connections widen what each sees of the other
    (contacts and things shared with "people I have connected with").
    """
    from accounts.models import Connection

    if a.pk == b.pk:
        return
    low, high = sorted([a.pk, b.pk])
    Connection.objects.get_or_create(
        user_low_id=low, user_high_id=high, defaults={"reason": reason}
    )


# Contact channels (P6) ------------------------------------------------------------


def _contact_fill(contact: ContactChannel, *, kind: str, value: str, visibility: str) -> None:
    if kind not in ContactChannel.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of contact from the list.")})
    if visibility not in ContactChannel.Audience.values:
        raise ValidationError({"visibility": _("Choose who can see it from the list.")})
    contact.kind = kind
    contact.value = contact_value_clean(kind, value)
    contact.visibility = visibility
    contact.full_clean()


@transaction.atomic
def contact_add(
    *,
    user: User,
    kind: str,
    value: str,
    visibility: str = ContactChannel.Audience.CONNECTIONS,
) -> ContactChannel:
    # Lock the member's row so two parallel adds cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ContactChannel.objects.filter(user=user).count() >= MAX_CONTACTS:
        raise ValidationError(
            {"value": _("You can list at most %(n)d contacts.") % {"n": MAX_CONTACTS}}
        )
    contact = ContactChannel(user=user)
    _contact_fill(contact, kind=kind, value=value, visibility=visibility)
    contact.save()
    events.emit(events.profile_changed, user_id=user.pk, fields=frozenset({"contacts"}))
    return contact


@transaction.atomic
def contacts_replace(*, user: User, contacts: list[dict[str, Any]]) -> list[ContactChannel]:
    """Replace all of `user`'s contacts (the API's PATCH). All or nothing: the first
    invalid one raises a ValidationError naming its position, e.g. "contacts.1.value"."""
    if len(contacts) > MAX_CONTACTS:
        raise ValidationError(
            {"contacts": _("You can list at most %(n)d contacts.") % {"n": MAX_CONTACTS}}
        )
    rows = []
    for i, item in enumerate(contacts):
        contact = ContactChannel(user=user)
        try:
            _contact_fill(
                contact,
                kind=item.get("kind", ""),
                value=item.get("value", ""),
                visibility=item.get("visibility") or ContactChannel.Audience.CONNECTIONS,
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    f"contacts.{i}.{field}": messages
                    for field, messages in exc.message_dict.items()
                    if field != "user"
                }
                or {f"contacts.{i}": exc.messages}
            ) from None
        rows.append(contact)
    ContactChannel.objects.filter(user=user).delete()
    ContactChannel.objects.bulk_create(rows)
    events.emit(events.profile_changed, user_id=user.pk, fields=frozenset({"contacts"}))
    return rows


@transaction.atomic
def contact_update(
    *, contact: ContactChannel, kind: str, value: str, visibility: str
) -> ContactChannel:
    _contact_fill(contact, kind=kind, value=value, visibility=visibility)
    contact.save(update_fields=["kind", "value", "visibility"])
    events.emit(events.profile_changed, user_id=contact.user_id, fields=frozenset({"contacts"}))
    return contact


@transaction.atomic
def contact_remove(*, contact: ContactChannel) -> None:
    contact.delete()


# Blocks (P5) --------------------------------------------------------------------


@transaction.atomic
def block_create(*, blocker: User, blocked: User) -> Block:
    """Block `blocked` for `blocker`: from now on neither sees the other anywhere.

    Idempotent. Blocking oneself is refused with a ValidationError on "user".
    Connections stay recorded (they are history) but every selector hides the pair.
    """
    if blocker.pk == blocked.pk:
        raise ValidationError({"user": _("You cannot block yourself.")})
    existing = Block.objects.filter(blocker=blocker, blocked=blocked).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            block = Block.objects.create(blocker=blocker, blocked=blocked)
    except IntegrityError:  # made meanwhile by a parallel request
        return Block.objects.get(blocker=blocker, blocked=blocked)
    events.emit(events.block_created, blocker_id=blocker.pk, blocked_id=blocked.pk)
    return block


@transaction.atomic
def block_remove(*, blocker: User, blocked_public_id: Any) -> bool:
    """Lift a block `blocker` made. Returns False when there was none."""
    try:
        found = list(
            Block.objects.filter(blocker=blocker, blocked__public_id=blocked_public_id).values_list(
                "pk", "blocked_id"
            )
        )
    except (ValueError, TypeError, ValidationError):
        return False
    Block.objects.filter(pk__in=[pk for pk, _blocked in found]).delete()
    for _pk, blocked_id in found:
        events.emit(events.block_removed, blocker_id=blocker.pk, blocked_id=blocked_id)
    return bool(found)


# Personal API tokens --------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token. Returns the row and the token itself, which is shown once:
    only its SHA-256 is stored."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user).count() >= MAX_API_TOKENS:
        raise ValidationError(
            {
                "name": _("You can have at most %(n)d tokens; revoke one first.")
                % {"n": MAX_API_TOKENS}
            }
        )
    token = ApiToken.generate()
    row = ApiToken(user=user, name=name, prefix=token[:12], token_hash=ApiToken.hash(token))
    row.full_clean()
    row.save()
    return row, token


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> bool:
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0
