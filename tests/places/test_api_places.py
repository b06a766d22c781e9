def test_it_searches_by_alternate_name(client, db):
    response = client.get("/api/places", {"q": "Goteborg"})
    assert response.status_code == 200
    assert response.json()[0]["name"] == "Gothenburg"


def test_an_empty_query_is_a_clear_400(client, db):
    response = client.get("/api/places", {"q": "  "})
    assert response.status_code == 400
    assert "place name" in response.json()["message"]


def test_an_overlong_query_is_a_clear_400(client, db):
    response = client.get("/api/places", {"q": "x" * 500})
    assert response.status_code == 400


def test_the_picker_lists_options_as_a_listbox(client, db):
    response = client.get("/places/pick", {"q": "Tromso", "field": "home"})
    assert response.status_code == 200
    assert b'role="option"' in response.content
    assert "Tromsø".encode() in response.content


def test_the_picker_accepts_the_text_box_parameter(client, db):
    response = client.get(
        "/places/pick", {"home_place__text": "Goteborg", "field": "id_home_place"}
    )
    assert b"Gothenburg" in response.content
    assert b'id="id_home_place-opt-' in response.content
