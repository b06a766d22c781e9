"""Issue 14: the OpenAPI document tells the truth (errors declared, names unique)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_every_operation_declares_its_errors_with_the_error_schema(client):
    schema = client.get("/api/openapi.json").json()
    assert "Error" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "422", "429", "500"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_creates_link_to_reads(client):
    schema = client.get("/api/openapi.json").json()
    links = schema["paths"]["/api/trips"]["post"]["responses"]["201"]["links"]
    assert any(link["operationId"].endswith("get_trip") for link in links.values())


def test_the_place_of_a_stop_is_described_by_its_own_schema(client):
    """Two schema classes of one name share one component, and one then lies about the
    other (a meet-up's place required `timezone` of every trip stop's place)."""
    from travel.places.schemas import PlaceRef

    component = client.get("/api/openapi.json").json()["components"]["schemas"]["PlaceRef"]
    assert set(component["properties"]) == set(PlaceRef.model_fields)
