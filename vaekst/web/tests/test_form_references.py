"""The shared field include links each hint and error to its field with the ids Django's
widgets name in aria-describedby, and never writes an empty reference."""

from django import forms
from django.template.loader import render_to_string
from lxml import html as lxml_html

from vaekst.web.tests.references import reference_problems


class ExampleForm(forms.Form):
    name = forms.CharField(label="Navn", help_text="Som i registeret")
    colours = forms.MultipleChoiceField(
        label="Farver",
        choices=[("red", "Rød"), ("blue", "Blå")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    size = forms.ChoiceField(
        label="Størrelse",
        choices=[("s", "Lille"), ("l", "Stor")],
        widget=forms.RadioSelect,
    )

    def clean_colours(self) -> list[str]:
        if "red" in self.cleaned_data["colours"]:
            raise forms.ValidationError("Ikke rød")
        return self.cleaned_data["colours"]


def _rendered(form: forms.Form, name: str) -> lxml_html.HtmlElement:
    markup = render_to_string("includes/field.html", {"field": form[name]})
    return lxml_html.fragment_fromstring(markup, create_parent="div")


def test_an_invalid_field_is_described_by_its_hint_and_its_error() -> None:
    # given a field with a hint and an error
    form = ExampleForm(data={"name": ""}, prefix="person")
    form.is_valid()
    # when
    fragment = _rendered(form, "name")
    # then the input points at both, and both are there
    (field,) = fragment.xpath("//input[@name='person-name']")
    assert field.get("aria-describedby") == "id_person-name_helptext id_person-name_error"
    assert field.get("aria-invalid") == "true"
    assert fragment.xpath("//*[@id='id_person-name_helptext']/text()") == ["Som i registeret"]
    error = fragment.xpath("//*[@id='id_person-name_error']")[0].text_content()
    assert error.strip() == "Fejl: Dette felt er påkrævet."
    assert reference_problems(f"<html><body>{lxml_html.tostring(fragment).decode()}</body>") == []


def test_a_valid_field_is_described_by_its_hint_only() -> None:
    form = ExampleForm(data={"name": "Firma"})
    form.is_valid()
    (field,) = _rendered(form, "name").xpath("//input[@name='name']")
    assert field.get("aria-describedby") == "id_name_helptext"


def test_a_checkbox_group_without_error_has_no_reference_and_with_one_points_at_it() -> None:
    # given the same checkbox group, once valid and once not
    valid = ExampleForm(data={"name": "Firma", "colours": ["blue"]})
    invalid = ExampleForm(data={"name": "Firma", "colours": ["red"]})
    valid.is_valid()
    invalid.is_valid()
    # when
    valid_fieldset = _rendered(valid, "colours").xpath("//fieldset")[0]
    invalid_fragment = _rendered(invalid, "colours")
    # then
    assert "aria-describedby" not in valid_fieldset.attrib
    fieldset = invalid_fragment.xpath("//fieldset")[0]
    assert fieldset.get("aria-describedby") == "id_colours_error"
    assert invalid_fragment.xpath("//*[@id='id_colours_error']")
    labels = invalid_fragment.xpath("//label/@for")
    assert labels == ["id_colours_0", "id_colours_1"]


def _first_invalid(fragment: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    # htmx-a11y.js focuses the first element marked aria-invalid in the swapped content
    return fragment.xpath("(//*[@aria-invalid='true'])[1]")[0]


def test_an_invalid_checkbox_group_marks_its_inputs_so_the_first_gets_the_focus() -> None:
    # given a checkbox group, once with an error and once without
    invalid = ExampleForm(data={"name": "Firma", "colours": ["red"]})
    valid = ExampleForm(data={"name": "Firma", "colours": ["blue"]})
    invalid.is_valid()
    valid.is_valid()
    # when
    fragment = _rendered(invalid, "colours")
    # then every box is marked invalid, the first one is where the focus goes, and the
    # group names its error
    marked = fragment.xpath("//input[@type='checkbox'][@aria-invalid='true']/@id")
    assert marked == ["id_colours_0", "id_colours_1"]
    assert _first_invalid(fragment).get("id") == "id_colours_0"
    assert fragment.xpath("//fieldset/@aria-describedby") == ["id_colours_error"]
    assert _rendered(valid, "colours").xpath("//*[@aria-invalid]") == []


def test_an_invalid_radio_group_is_a_fieldset_with_its_error_and_marked_inputs() -> None:
    # given a required radio group left empty
    form = ExampleForm(data={"name": "Firma"})
    form.is_valid()
    # when
    fragment = _rendered(form, "size")
    # then
    (fieldset,) = fragment.xpath("//fieldset")
    assert fieldset.get("aria-describedby") == "id_size_error"
    assert fragment.xpath("//legend/text()") == ["Størrelse"]
    radios = fragment.xpath("//input[@type='radio']")
    assert [radio.get("id") for radio in radios] == ["id_size_0", "id_size_1"]
    assert [radio.get("aria-invalid") for radio in radios] == ["true", "true"]
    assert _first_invalid(fragment).get("id") == "id_size_0"
    assert fragment.xpath("//label/@for") == ["id_size_0", "id_size_1"]
    error = fragment.xpath("//*[@id='id_size_error']")[0].text_content()
    assert error.strip() == "Fejl: Dette felt er påkrævet."
    assert reference_problems(f"<html><body>{lxml_html.tostring(fragment).decode()}</body>") == []


def test_a_chosen_radio_stays_chosen_and_is_not_marked() -> None:
    form = ExampleForm(data={"name": "Firma", "size": "l"})
    assert form.is_valid()
    fragment = _rendered(form, "size")
    assert fragment.xpath("//input[@checked]/@value") == ["l"]
    assert fragment.xpath("//*[@aria-invalid]") == []
    assert "aria-describedby" not in fragment.xpath("//fieldset")[0].attrib


def test_the_reference_check_finds_what_it_is_for() -> None:
    # the check itself: a duplicate id, a dangling and an empty reference, a lost label
    markup = (
        "<html><body><p id='a'></p><p id='a'></p>"
        "<input aria-describedby='a missing'><fieldset aria-describedby=''></fieldset>"
        "<label for='nowhere'>x</label></body></html>"
    )
    assert reference_problems(markup) == [
        "id 'a' is used 2 times",
        "<input> aria-describedby points at 'missing', which is not on the page",
        "<fieldset> has an empty aria-describedby",
        "<label> for 'nowhere', which is not on the page",
    ]
