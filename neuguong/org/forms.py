from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.org.constants import DecisionKind
from neuguong.org.models import Agency, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AsOfForm(forms.Form):
    """An optional "as of" date (defaults to today) and an optional search text."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    at = forms.DateField(label=_("As of"), required=False, widget=DateInput())

    def day(self):
        if self.is_valid() and self.cleaned_data.get("at"):
            return self.cleaned_data["at"]
        return timezone.localdate()

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2200)

    def year_or_current(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year


class MaySignForm(forms.Form):
    """The may-sign checker: person, procedure code or decision kind, agency, date."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    subject = forms.CharField(
        label=_("Procedure code or decision kind"),
        max_length=50,
        help_text=_("A national procedure code such as 1.001193, or a kind of decision."),
        widget=forms.TextInput(attrs={"list": "decision-kinds"}),
    )
    agency = forms.ModelChoiceField(label=_("On behalf of agency"), queryset=Agency.objects.none())
    at = forms.DateField(label=_("On date"), required=False, widget=DateInput())

    decision_kinds = DecisionKind.choices

    def __init__(self, *args, people, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies

    def clean_subject(self):
        return self.cleaned_data["subject"].strip()
