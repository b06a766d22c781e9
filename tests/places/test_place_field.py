from django import forms

from travel.places.forms import PlaceField


class StopForm(forms.Form):
    place = PlaceField()
    city = PlaceField(kind="city", required=False)


def test_it_takes_the_chosen_place_id(places):
    oslo = places("Oslo")
    form = StopForm({"place": str(oslo.pk), "place__text": "Oslo, Norway"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"] == oslo


def test_without_javascript_it_resolves_the_typed_name(places):
    form = StopForm({"place": "", "place__text": "København"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"].name == "Copenhagen"


def test_an_unknown_name_is_a_clear_error_and_keeps_what_was_typed(db):
    form = StopForm({"place": "", "place__text": "Atlantis"})
    assert not form.is_valid()
    assert "We don't know that place" in form.errors["place"][0]
    html = str(form["place"])
    assert 'value="Atlantis"' in html  # kept in the box, to be corrected
    assert 'aria-invalid="true"' in html


def test_a_city_field_refuses_a_country(places):
    form = StopForm({"place": str(places("Oslo").pk), "city": str(places("Sweden").pk)})
    assert not form.is_valid()
    assert "city" in form.errors


def test_an_unknown_id_is_refused(db):
    form = StopForm({"place": "999999999"})
    assert not form.is_valid()
