"""The organisation registry: units, agencies, party organisations, people, terms, quotas, delegations.

Everything is dated (valid_from / valid_to, started_on / ended_on) so the registry can answer "as of date D":
the 3-level map before 1 July 2025 and the 2-level map after it both fit.
"""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.models import DatedModel, DatedQuerySet, SearchableModel, TimeStampedModel
from neuguong.core.roles import Role
from neuguong.org.constants import (
    AgencyKind,
    DecisionKind,
    DelegationKind,
    PartyOrgKind,
    PositionTitle,
    QuotaKind,
    UnitLevel,
    UnitType,
)

# Validation messages (module constants so tests and services reuse them).
TERM_ONE_ORG = _("A term belongs to an agency or a party organisation, not both.")
TERM_NEEDS_ORG = _("A term needs an agency or a party organisation.")
TERM_ENDS_BEFORE_START = _("A term cannot end before it starts.")
DELEGATION_SELF = _("A person cannot delegate to themselves.")
DELEGATION_EMPTY = _("A delegation must name at least one procedure code or decision kind.")
DELEGATION_BAD_CODES = _("Procedure codes must be a list of non-empty codes.")
DELEGATION_BAD_KINDS = _("Unknown decision kind.")
DELEGATION_ENDS_BEFORE_START = _("A delegation cannot end before it starts.")


class AdministrativeUnit(DatedModel, SearchableModel, TimeStampedModel):
    search_fields = ("name", "code")

    code = models.CharField(_("statistics code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    unit_type = models.CharField(_("type"), max_length=20, choices=UnitType.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # Distribution key (DESIGN §11): every large table carries its province.
    province_code = models.CharField(_("province code"), max_length=10, db_index=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_from_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Agency(DatedModel, SearchableModel, TimeStampedModel):
    search_fields = ("name", "short_name", "identifier_code")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("unit"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    # Electronic identifier code (mã định danh điện tử), e.g. 000.00.11.H18. Data, not a hard-coded format.
    identifier_code = models.CharField(_("identifier code"), max_length=40, unique=True)
    province_code = models.CharField(_("province code"), max_length=10, db_index=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class PartyOrganization(DatedModel, SearchableModel, TimeStampedModel):
    search_fields = ("name",)

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=PartyOrgKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_orgs",
        verbose_name=_("unit"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_orgs",
        verbose_name=_("agency"),
    )
    province_code = models.CharField(_("province code"), max_length=10, db_index=True)

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(SearchableModel, TimeStampedModel):
    search_fields = ("full_name",)

    full_name = models.CharField(_("full name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class TermQuerySet(models.QuerySet):
    def on(self, day):
        return self.filter(started_on__lte=day).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day)
        )


class Term(TimeStampedModel):
    """A person holding a position of an agency or a party organisation, from a date to a date."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="terms", verbose_name=_("person")
    )
    title = models.CharField(_("position"), max_length=30, choices=PositionTitle.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="terms",
        verbose_name=_("agency"),
    )
    party_org = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="terms",
        verbose_name=_("party organisation"),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    decision_ref = models.CharField(_("appointment decision"), max_length=100, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | models.Q(party_org__isnull=False),
                name="term_has_agency_or_party_org",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_title_display()} · {self.agency or self.party_org}"

    def clean(self):
        if self.agency_id and self.party_org_id:
            raise ValidationError(TERM_ONE_ORG)
        if not self.agency_id and not self.party_org_id:
            raise ValidationError(TERM_NEEDS_ORG)
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": TERM_ENDS_BEFORE_START})


class StaffingQuota(TimeStampedModel):
    """Approved posts (biên chế) for an agency, year and kind, against the posts filled."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=QuotaKind.choices)
    approved = models.PositiveIntegerField(_("approved posts"))
    filled = models.PositiveIntegerField(_("filled posts"))
    decision_ref = models.CharField(_("approving decision"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("staffing quota")
        verbose_name_plural = _("staffing quotas")
        ordering = ["-year", "agency__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kind"], name="quota_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.get_kind_display()}"

    @property
    def difference(self) -> int:
        """Filled minus approved: positive is over quota, negative is vacant posts."""
        return self.filled - self.approved


class DelegationQuerySet(DatedQuerySet):
    def valid_on(self, day):
        """In force on `day`: within its dates and not revoked on or before that day."""
        return (
            super()
            .valid_on(day)
            .filter(models.Q(revoked_on__isnull=True) | models.Q(revoked_on__gt=day))
        )


DelegationManager = models.Manager.from_queryset(DelegationQuerySet)


class Delegation(DatedModel, SearchableModel, TimeStampedModel):
    """One entry of the delegation register: who may sign what, for whom, when, on what legal basis."""

    search_fields = (
        "delegator_name",
        "delegate_name",
        "agency_name",
        "kind_label",
        "scope_text",
        "legal_basis_number",
        "note",
    )

    kind = models.CharField(_("kind"), max_length=20, choices=DelegationKind.choices)
    delegator = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        verbose_name=_("delegator"),
    )
    delegate = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name=_("delegate"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("on behalf of")
    )
    # What is delegated: national codes of procedures, and/or kinds of decision (DecisionKind values).
    procedure_codes = models.JSONField(_("procedure codes"), default=list, blank=True)
    decision_kinds = models.JSONField(_("decision kinds"), default=list, blank=True)
    legal_basis_number = models.CharField(_("legal basis (document number)"), max_length=100)
    legal_basis_date = models.DateField(_("legal basis (document date)"))
    note = models.TextField(_("note"), blank=True)
    # Revocation keeps the row (the register is history): from `revoked_on` the delegation no longer stands.
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_note = models.TextField(_("revocation note"), blank=True)

    # A ClassVar like the base's manager (django-stubs types model managers as class variables).
    objects: ClassVar[DelegationManager] = DelegationManager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="delegation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate} ({self.agency})"

    # Helpers for the search text (folded Vietnamese, both the codes and the human labels).
    @property
    def delegator_name(self) -> str:
        return self.delegator.full_name if self.delegator_id else ""

    @property
    def delegate_name(self) -> str:
        return self.delegate.full_name if self.delegate_id else ""

    @property
    def agency_name(self) -> str:
        return self.agency.name if self.agency_id else ""

    @property
    def kind_label(self) -> str:
        # Both languages, so "uy quyen" and "authorisation" both find it.
        from django.utils import translation

        labels = {str(self.get_kind_display())}
        for lang in ("vi", "en"):
            with translation.override(lang):
                labels.add(str(DelegationKind(self.kind).label))
        return " ".join(labels)

    @property
    def scope_text(self) -> str:
        labels = [
            str(DecisionKind(k).label) for k in self.decision_kinds if k in DecisionKind.values
        ]
        return " ".join([*self.procedure_codes, *labels])

    def clean(self):
        errors = {}
        if self.delegator_id and self.delegator_id == self.delegate_id:
            errors["delegate"] = DELEGATION_SELF
        if not self.procedure_codes and not self.decision_kinds:
            errors["procedure_codes"] = DELEGATION_EMPTY
        if not isinstance(self.procedure_codes, list) or not all(
            isinstance(c, str) and c.strip() for c in self.procedure_codes
        ):
            errors["procedure_codes"] = DELEGATION_BAD_CODES
        if not isinstance(self.decision_kinds, list) or not all(
            k in DecisionKind.values for k in self.decision_kinds
        ):
            errors["decision_kinds"] = DELEGATION_BAD_KINDS
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = DELEGATION_ENDS_BEFORE_START
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day) -> bool:
        return super().is_valid_on(day) and (self.revoked_on is None or self.revoked_on > day)

    def covers(self, subject: str) -> bool:
        """Does this delegation cover a procedure code or a decision kind?"""
        return subject in self.procedure_codes or subject in self.decision_kinds


class Membership(DatedModel, TimeStampedModel):
    """Grants a user a role within an agency or a unit (or the whole province when both are empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user account"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("agency"),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    party_org = models.ForeignKey(
        PartyOrganization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("party organisation"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency or self.unit or '—'}"
