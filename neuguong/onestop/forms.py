"""Forms of the staff web and the citizen's online submission.

They only validate input; every change goes through a service in `services.py`.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from neuguong.onestop.constants import UPLOAD_CONTENT_TYPES, UPLOAD_MAX_BYTES, Channel
from neuguong.org.constants import AgencyKind, UnitLevel
from neuguong.org.models import AdministrativeUnit, Agency

CITIZEN_ID_INVALID = _("A citizen ID has exactly 12 digits.")
PHONE_INVALID = _("Enter a phone number of 9 to 11 digits.")
PROCEDURE_REQUIRED = _("Choose a procedure from the list: type part of its name.")
UPLOAD_TYPE_INVALID = _("Only PDF, JPG, PNG, DOCX and XLSX files are accepted.")
UPLOAD_TOO_LARGE = _("A file may be at most 10 MB.")

_ID_RE = re.compile(r"^\d{12}$")
_PHONE_RE = re.compile(r"^\d{9,11}$")

# The kinds of agency that receive dossiers: commune one-stop desks and the provincial service centre.
DESK_KINDS = (AgencyKind.ONESTOP_DESK, AgencyKind.SERVICE_CENTRE)


def clean_citizen_id(value: str) -> str:
    value = re.sub(r"\s+", "", value or "")
    if not _ID_RE.match(value):
        raise ValidationError(CITIZEN_ID_INVALID, code="citizen_id")
    return value


def clean_phone(value: str) -> str:
    value = re.sub(r"[\s.\-]", "", value or "")
    if value.startswith("+84"):
        value = "0" + value[3:]
    if not _PHONE_RE.match(value):
        raise ValidationError(PHONE_INVALID, code="phone")
    return value


class ApplicantFields(forms.Form):
    applicant_name = forms.CharField(label=_("Applicant's full name"), max_length=200)
    applicant_id_number = forms.CharField(
        label=_("Citizen ID (12 digits)"),
        max_length=14,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": r"\d{12}", "autocomplete": "off"}
        ),
    )
    applicant_phone = forms.CharField(
        label=_("Phone"),
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    applicant_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    applicant_unit = forms.ModelChoiceField(
        label=_("Commune of residence"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("(not given)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_unit"].queryset = AdministrativeUnit.objects.filter(
            level=UnitLevel.COMMUNE
        ).order_by("name")

    def clean_applicant_id_number(self):
        return clean_citizen_id(self.cleaned_data["applicant_id_number"])

    def clean_applicant_phone(self):
        return clean_phone(self.cleaned_data["applicant_phone"])


class ProcedureField(forms.ModelChoiceField):
    """The procedure, chosen among radio buttons that the typeahead fills in."""

    default_error_messages = {
        "required": PROCEDURE_REQUIRED,
        "invalid_choice": PROCEDURE_REQUIRED,
    }

    def __init__(self, **kwargs):
        from neuguong.onestop.models import Procedure

        super().__init__(
            queryset=Procedure.objects.filter(is_active=True),
            label=_("Procedure"),
            widget=forms.HiddenInput,
            **kwargs,
        )


class IntakeForm(ApplicantFields):
    """Desk intake (in person or by post). Field order is the tab order."""

    procedure = ProcedureField()
    channel = forms.TypedChoiceField(
        label=_("Channel"),
        coerce=int,
        choices=[
            (Channel.IN_PERSON, Channel.IN_PERSON.label),
            (Channel.POSTAL, Channel.POSTAL.label),
        ],
        initial=Channel.IN_PERSON,
    )
    receiving_agency = forms.ModelChoiceField(
        label=_("Receiving desk"), queryset=Agency.objects.none(), empty_label=None
    )
    handling_agency = forms.ModelChoiceField(
        label=_("Handling agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Automatic (from the procedure and the desk)"),
        help_text=_("Any procedure of the province may be received at any desk."),
    )

    field_order = [
        "procedure",
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "applicant_address",
        "applicant_unit",
        "channel",
        "receiving_agency",
        "handling_agency",
    ]

    def __init__(self, *args, desks, handling_agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"].queryset = desks
        self.fields["handling_agency"].queryset = handling_agencies
        self.fields["applicant_name"].widget.attrs["autocomplete"] = "off"


class SubmitForm(ApplicantFields):
    """A registered citizen's online submission (arrives as `new`)."""

    procedure = ProcedureField()
    receiving_agency = forms.ModelChoiceField(
        label=_("Submit to"),
        queryset=Agency.objects.none(),
        help_text=_("The one-stop desk that will check and accept your dossier."),
    )

    field_order = [
        "procedure",
        "receiving_agency",
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "applicant_address",
        "applicant_unit",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_agency"].queryset = Agency.objects.filter(
            kind__in=DESK_KINDS
        ).order_by("level", "name")


class DocumentForm(forms.Form):
    """One attachment row. An empty row is ignored."""

    file = forms.FileField(label=_("File"), required=False)
    name = forms.CharField(
        label=_("Document name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Document name, e.g. Tờ khai")}),
    )
    digitised = forms.BooleanField(label=_("Digitised"), required=False, initial=True)

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if not f:
            return f
        ext = f.name.rsplit(".", 1)[-1].lower() if "." in f.name else ""
        if ext not in UPLOAD_CONTENT_TYPES:
            raise ValidationError(UPLOAD_TYPE_INVALID, code="upload_type")
        if f.size > UPLOAD_MAX_BYTES:
            raise ValidationError(UPLOAD_TOO_LARGE, code="upload_size")
        return f


# validate_max: one request cannot smuggle in more forms than the page offers (absolute_max defaults to 1,000).
DocumentFormSet = formset_factory(DocumentForm, extra=3, max_num=10, validate_max=True)


# ---- action forms: one per transition that needs input -------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SupplementForm(forms.Form):
    reason = forms.CharField(
        label=_("What must the applicant supply?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (VND)"), min_value=0, max_digits=12, decimal_places=0
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SignResultForm(forms.Form):
    result_number = forms.CharField(
        label=_("Result document number"), required=False, max_length=100
    )


class ApologyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2})
    )
    new_appointment_at = forms.DateTimeField(
        label=_("New appointment"),
        required=False,
        help_text=_("Leave empty to let the system compute it."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class EmptyForm(forms.Form):
    pass


# action → the form its parameters come from (the form's cleaned_data become the service's keywords)
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "refuse": ReasonForm,
    "withdraw": ReasonForm,
    "stop": ReasonForm,
    "request_supplement": SupplementForm,
    "request_payment": PaymentForm,
    "complete_step": NoteForm,
    "finish": NoteForm,
    "sign_result": SignResultForm,
    "draft_apology": ApologyForm,
}


def action_form(action: str, data=None, prefix: str | None = None) -> forms.Form:
    return ACTION_FORMS.get(action, EmptyForm)(data, prefix=prefix)
