"""The demo hosts along the reference journey (idempotent)."""

from __future__ import annotations

from django.utils import timezone

from accounts.demo import load_members
from travel.hosting.demo import load_hosting
from travel.hosting.models import HostOffer, Spot, StayRequest


def test_it_creates_hosts_spots_and_ada_s_stays_once(db):
    for _ in range(2):
        ctx = {"today": timezone.localdate()}
        load_members(ctx)
        load_hosting(ctx)
    hosts = set(HostOffer.objects.values_list("host__email", flat=True))
    assert {f"{k}@demo.stopover.test" for k in ("sindre", "maja", "freja", "lena", "ola")} == hosts
    farm = HostOffer.objects.get(host__email="ola@demo.stopover.test")
    assert {"hammock", "tent"} <= set(farm.kind_list)
    assert Spot.objects.count() == 3
    assert HostOffer.objects.filter(availability__isnull=True).count() == 0
    assert sorted(StayRequest.objects.values_list("status", flat=True)) == ["accepted", "pending"]
