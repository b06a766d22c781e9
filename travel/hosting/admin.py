"""Admin for hosting. Saves here say what changed like the services do (the domain
events of travel/events.py), so the matcher's index follows a moderator's edit."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from travel import events
from travel.hosting.models import HostOffer, Spot, StayRequest
from travel.hosting.services import spot_changed


def _offer_changed(offer: HostOffer, *, created: bool = False, deleted: bool = False) -> None:
    events.emit(
        events.offer_changed,
        offer_id=offer.pk,
        host_id=offer.host_id,
        created=created,
        deleted=deleted,
        bookings=False,
    )


@admin.register(HostOffer)
class HostOfferAdmin(admin.ModelAdmin):
    # Moderators see offers without the exact address or point (P1): excluded here.
    list_display = ("title", "public_id", "host", "place", "status", "capacity", "created")
    list_filter = ("status",)
    search_fields = ("title", "public_id")
    exclude = ("address", "exact_lat", "exact_lon")
    readonly_fields = ("public_lat", "public_lon", "cell", "host")
    raw_id_fields = ("place", "collective")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        _offer_changed(form.instance, created=not change)

    def delete_model(self, request: HttpRequest, obj: HostOffer) -> None:
        offer_id = obj.pk
        super().delete_model(request, obj)
        obj.pk = offer_id
        _offer_changed(obj, deleted=True)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HostOffer]) -> None:
        for offer in list(queryset):
            self.delete_model(request, offer)


@admin.register(StayRequest)
class StayRequestAdmin(admin.ModelAdmin):
    list_display = ("public_id", "traveller", "offer", "arrive", "depart", "status")
    list_filter = ("status",)
    raw_id_fields = ("traveller", "offer", "stop", "cancelled_by")

    # For looking: a transition is the services' (it emails, locks, says so).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Spot)
class SpotAdmin(admin.ModelAdmin):
    list_display = ("name", "kinds", "last_confirmed", "added_by")
    search_fields = ("name",)
    raw_id_fields = ("added_by",)

    def save_model(self, request: HttpRequest, obj: Spot, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        spot_changed(spot=obj, deleted=False)

    def delete_model(self, request: HttpRequest, obj: Spot) -> None:
        spot_id = obj.pk
        super().delete_model(request, obj)
        obj.pk = spot_id
        spot_changed(spot=obj, deleted=True)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Spot]) -> None:
        for spot in list(queryset):
            self.delete_model(request, spot)
