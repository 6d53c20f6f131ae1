"""The roles of DESIGN.md §1."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    RECEPTION = "reception", _("Reception officer")
    SPECIALIST = "specialist", _("Specialist")
    HEAD = "head", _("Head of agency")
    PARTY_OFFICE = "party_office", _("Party office staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    INSPECTOR = "inspector", _("Inspector")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset(
    {
        Role.RECEPTION,
        Role.SPECIALIST,
        Role.HEAD,
        Role.PARTY_OFFICE,
        Role.SUPERVISOR,
        Role.INSPECTOR,
        Role.ADMIN,
    }
)
# Roles that see every record of the province, read-only or not.
GLOBAL_ROLES = frozenset({Role.INSPECTOR, Role.ADMIN})
