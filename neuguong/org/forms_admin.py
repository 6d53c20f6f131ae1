"""Forms of the staff administration pages (the tasks that needed the Django admin or the CLI)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from neuguong.core.validation import InvalidInput, as_validation_error, clean_text
from neuguong.org.constants import DecisionKind, DelegationKind
from neuguong.org.forms import DateInput
from neuguong.org.models import Agency, Person

CODES_HELP = _(
    "National procedure codes, separated by commas or new lines, e.g. 1.001193, 2.000986."
)


def _text(value, *, max_length: int, multiline: bool = False) -> str:
    try:
        return clean_text(value, max_length=max_length, multiline=multiline)
    except InvalidInput as exc:
        raise as_validation_error(exc) from None


class DelegationCreateForm(forms.Form):
    """A new entry of the delegation register. The model's rules (not to oneself, something delegated,
    dates in order) are checked once, by the service's full_clean, as for the API."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DelegationKind.choices)
    delegator = forms.ModelChoiceField(label=_("Delegator"), queryset=Person.objects.none())
    delegate = forms.ModelChoiceField(label=_("Delegate"), queryset=Person.objects.none())
    agency = forms.ModelChoiceField(label=_("On behalf of agency"), queryset=Agency.objects.none())
    procedure_codes = forms.CharField(
        label=_("Procedure codes"),
        required=False,
        max_length=2000,
        help_text=CODES_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decision_kinds = forms.MultipleChoiceField(
        label=_("Kinds of decision"),
        required=False,
        choices=DecisionKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_basis_number = forms.CharField(label=_("Legal basis (document number)"), max_length=100)
    legal_basis_date = forms.DateField(label=_("Legal basis (document date)"), widget=DateInput())
    valid_from = forms.DateField(label=_("In force from"), required=False, widget=DateInput())
    valid_to = forms.DateField(label=_("In force until"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("delegator", "delegate"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = people
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies

    def clean_procedure_codes(self) -> list[str]:
        text = _text(self.cleaned_data.get("procedure_codes"), max_length=2000, multiline=True)
        codes = [c.strip() for c in text.replace("\n", ",").replace(";", ",").split(",")]
        return list(dict.fromkeys(c for c in codes if c))

    def clean_legal_basis_number(self) -> str:
        return _text(self.cleaned_data.get("legal_basis_number"), max_length=100)

    def clean_note(self) -> str:
        return _text(self.cleaned_data.get("note"), max_length=2000, multiline=True)

    def service_fields(self) -> dict:
        """The cleaned values, as org.services.delegation_create takes them."""
        data = dict(self.cleaned_data)
        data["decision_kinds"] = list(data.get("decision_kinds") or [])
        return data
