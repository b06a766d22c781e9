from django.contrib import admin

from travel.hosting.models import HostOffer, Spot, StayRequest


@admin.register(HostOffer)
class HostOfferAdmin(admin.ModelAdmin):
    # Moderators see offers without the exact address or point (P1): excluded here.
    list_display = ("title", "public_id", "host", "place", "status", "capacity", "created")
    list_filter = ("status",)
    search_fields = ("title", "public_id")
    exclude = ("address", "exact_lat", "exact_lon")
    readonly_fields = ("public_lat", "public_lon", "cell", "host")
    raw_id_fields = ("place", "collective")


@admin.register(StayRequest)
class StayRequestAdmin(admin.ModelAdmin):
    list_display = ("public_id", "traveller", "offer", "arrive", "depart", "status")
    list_filter = ("status",)
    raw_id_fields = ("traveller", "offer", "stop", "cancelled_by")


@admin.register(Spot)
class SpotAdmin(admin.ModelAdmin):
    list_display = ("name", "kinds", "last_confirmed", "added_by")
    search_fields = ("name",)
    raw_id_fields = ("added_by",)
