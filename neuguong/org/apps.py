from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "neuguong.org"
    label = "org"
    verbose_name = _("Organisation registry")

    def ready(self):
        from neuguong.core.audit.registry import register
        from neuguong.org import access, models

        # The audit log snapshots these fields with every event, so `audit verify` can tell whether a row
        # was changed behind the services' back.
        register(
            models.Delegation,
            fields=(
                "kind",
                "delegator",
                "delegate",
                "agency",
                "procedure_codes",
                "decision_kinds",
                "legal_basis_number",
                "legal_basis_date",
                "valid_from",
                "valid_to",
                "revoked_on",
            ),
            get_for_user=access.get_delegation_for_user,
        )
        register(
            models.Term,
            fields=("person", "title", "agency", "party_org", "started_on", "ended_on"),
            get_for_user=access.get_term_for_user,
        )
        register(
            models.Agency,
            fields=("name", "kind", "level", "unit", "parent", "identifier_code", "valid_to"),
            get_for_user=access.get_agency_for_user,
        )
        register(
            models.AdministrativeUnit,
            fields=("code", "name", "level", "unit_type", "parent", "valid_from", "valid_to"),
            get_for_user=access.get_unit_for_user,
        )
        register(models.Person, fields=("full_name",), get_for_user=access.get_person_for_user)
        register(
            models.StaffingQuota,
            fields=("agency", "year", "kind", "approved", "filled"),
            get_for_user=access.get_quota_for_user,
        )
        # The timeline's labels for org.* codes and the agency/person names of every app's events.
        from neuguong.org.audit_labels import register_labels

        register_labels()
