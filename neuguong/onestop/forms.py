"""Forms of the staff web and the citizen's online submission.

They only validate input; every change goes through a service in `services.py`.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from neuguong.core.validation import InvalidInput, as_validation_error
from neuguong.onestop import validation
from neuguong.onestop.constants import Channel
from neuguong.onestop.validation import CITIZEN_ID_INVALID, PHONE_INVALID  # noqa: F401  (tests)
from neuguong.org.constants import AgencyKind, UnitLevel
from neuguong.org.models import AdministrativeUnit, Agency

PROCEDURE_REQUIRED = _("Choose a procedure from the list: type part of its name.")
FROM_IDENTITY = _("From your electronic identity (VNeID); it cannot be changed here.")

# How the fee is paid at intake (services.payment): at the desk now, online now, or later.
PAY_AT_DESK = "desk"
PAY_ONLINE = "online"
PAY_LATER = "later"

# The kinds of agency that receive dossiers: commune one-stop desks and the provincial service centre.
DESK_KINDS = (AgencyKind.ONESTOP_DESK, AgencyKind.SERVICE_CENTRE)


def _shared(rule, value, **kwargs):
    """Run one of the shared input rules (onestop/validation.py) as a form field's cleaning."""
    try:
        return rule(value, **kwargs)
    except InvalidInput as exc:
        raise as_validation_error(exc) from None


def _set_queryset(form: forms.BaseForm, name: str, queryset) -> None:
    """The choices of the form's ModelChoiceField `name` (`form.fields` is typed as plain Fields)."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def clean_citizen_id(value: str) -> str:
    return _shared(validation.clean_citizen_id, value)


def clean_phone(value: str) -> str:
    return _shared(validation.clean_phone, value, required=True)


class ApplicantFields(forms.Form):
    applicant_name = forms.CharField(
        label=_("Applicant's full name"), max_length=validation.NAME_MAX
    )
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
    applicant_address = forms.CharField(
        label=_("Address"), max_length=validation.ADDRESS_MAX, required=False
    )
    applicant_unit = forms.ModelChoiceField(
        label=_("Commune of residence"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("(not given)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _set_queryset(
            self,
            "applicant_unit",
            AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).order_by("name"),
        )

    def clean_applicant_name(self):
        return _shared(validation.clean_applicant_name, self.cleaned_data["applicant_name"])

    def clean_applicant_id_number(self):
        return clean_citizen_id(self.cleaned_data["applicant_id_number"])

    def clean_applicant_phone(self):
        return clean_phone(self.cleaned_data["applicant_phone"])

    def clean_applicant_address(self):
        return _shared(validation.clean_address, self.cleaned_data["applicant_address"])


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
        _set_queryset(self, "receiving_agency", desks)
        _set_queryset(self, "handling_agency", handling_agencies)
        self.fields["applicant_name"].widget.attrs["autocomplete"] = "off"

    payment = forms.ChoiceField(
        label=_("Fee"),
        required=False,
        choices=[(PAY_AT_DESK, _("Collected at the desk now")), (PAY_LATER, _("To be paid later"))],
        initial=PAY_AT_DESK,
        widget=forms.RadioSelect,
    )
    supplement_missing = forms.BooleanField(
        label=_("Receive and request a supplement for the missing documents"),
        required=False,
    )

    def paid(self, fee) -> dict:
        """The payment the desk recorded, as services.payment takes it (nothing without a fee)."""
        if not fee:
            return {}
        if self.cleaned_data.get("payment") == PAY_LATER:
            return {"payment_state": "requested"}
        return {"payment_method": PAY_AT_DESK}


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

    payment = forms.ChoiceField(
        label=_("Fee"),
        required=False,
        choices=[(PAY_ONLINE, _("Pay online now")), (PAY_LATER, _("Pay when the desk accepts"))],
        initial=PAY_ONLINE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, identity=None, **kwargs):
        super().__init__(*args, **kwargs)
        _set_queryset(
            self,
            "receiving_agency",
            Agency.objects.filter(kind__in=DESK_KINDS).order_by("level", "name"),
        )
        self.identity = identity
        if identity is not None:
            # The citizen never types their name or ID: they come from the signed-in identity, and
            # a disabled field ignores whatever is posted for it.
            for name, value in (
                ("applicant_name", identity.full_name),
                ("applicant_id_number", identity.id_number),
            ):
                field = self.fields[name]
                field.disabled = True
                field.initial = value
                self.initial[name] = value
                field.help_text = FROM_IDENTITY
            if identity.phone and not self.is_bound:
                self.initial.setdefault("applicant_phone", identity.phone)

    def paid(self, fee) -> dict:
        if not fee:
            return {}
        if self.cleaned_data.get("payment") == PAY_LATER:
            return {"payment_state": "requested"}
        return {"payment_method": PAY_ONLINE}


class DocumentForm(forms.Form):
    """One attachment row. An empty row is ignored."""

    file = forms.FileField(label=_("File"), required=False)
    name = forms.CharField(
        label=_("Document name"),
        max_length=validation.DOCUMENT_NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Document name, e.g. Tờ khai")}),
    )
    digitised = forms.BooleanField(label=_("Digitised"), required=False, initial=True)

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if not f:
            return f
        # By content, not by name: an HTML page named .pdf is refused (the services check it again).
        f.content_type = _shared(validation.clean_document, f)
        return f

    def clean_name(self):
        return _shared(validation.clean_document_name, self.cleaned_data.get("name"))


class CitizenDocumentForm(DocumentForm):
    """An attachment a citizen uploads: no "digitised" box (digitising is the desk's work)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["digitised"]


# validate_max: one request cannot smuggle in more forms than the page offers (absolute_max defaults to 1,000).
DocumentFormSet = formset_factory(DocumentForm, extra=3, max_num=10, validate_max=True)
CitizenDocumentFormSet = formset_factory(
    CitizenDocumentForm, extra=2, max_num=10, validate_max=True
)


# ---- action forms: one per transition that needs input -------------------------------------------


class ActionForm(forms.Form):
    """An action's parameters, cleaned by the same schema as the API's (clean_action_params)."""

    action: str

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns
        if self.errors:
            return data
        try:
            params = validation.clean_action_params(self.action, data)
        except InvalidInput as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.text)
            return data
        taken = validation.ACTION_PARAMS.get(self.action, {})
        # Fields that are not parameters of the action (an edit token, say) are kept as they are.
        return {**{k: v for k, v in data.items() if k not in taken}, **params}


def _reason_field(label):
    return forms.CharField(
        label=label,
        max_length=validation.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(ActionForm):
    action = "refuse"
    reason = _reason_field(_("Reason"))


class SupplementForm(ActionForm):
    action = "request_supplement"
    reason = _reason_field(_("What must the applicant supply?"))


class PaymentForm(ActionForm):
    action = "request_payment"
    amount = forms.DecimalField(
        label=_("Amount (VND)"),
        min_value=1,
        max_digits=validation.FEE_MAX_DIGITS,
        decimal_places=validation.FEE_DECIMAL_PLACES,
    )


class NoteForm(ActionForm):
    action = "complete_step"
    note = forms.CharField(label=_("Note"), required=False, max_length=validation.NOTE_MAX)


class SignResultForm(ActionForm):
    action = "sign_result"
    result_number = forms.CharField(
        label=_("Result document number"),
        required=False,
        max_length=validation.RESULT_NUMBER_MAX,
    )


class ApologyForm(ActionForm):
    action = "draft_apology"
    reason = _reason_field(_("Reason for the delay"))
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
    form = ACTION_FORMS.get(action, EmptyForm)(data, prefix=prefix)
    if isinstance(form, ActionForm):
        form.action = action  # ReasonForm and NoteForm serve several actions
    return form
