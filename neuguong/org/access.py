"""Scoping helpers: the one place that says what a user may see.

Every view and API endpoint fetches through these. Rules (DESIGN.md §1):
- admins, inspectors, superusers and province-wide memberships (no agency, no unit) see everything;
- a head sees their agency's unit and every unit below it, and the agencies in them;
- other staff see their own agency (and the agencies under it);
- a membership on a unit sees that unit and below;
- citizens see no internal records, only their own and what is public.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from neuguong.core.request_cache import memo
from neuguong.core.roles import GLOBAL_ROLES, STAFF_ROLES, Role
from neuguong.org.models import (
    AdministrativeUnit,
    Agency,
    Delegation,
    Membership,
    PartyOrganization,
    Person,
    StaffingQuota,
    Term,
)


class Scope:
    """What one user may see, computed once per request (core.request_cache, keyed by the user)."""

    def __init__(self, user):
        self.user = user
        today = timezone.localdate()
        if not user.is_authenticated:
            self.memberships: list[Membership] = []
        else:
            self.memberships = list(
                Membership.objects.valid_on(today)
                .filter(user=user)
                .select_related("agency", "unit", "party_org")
            )
        self.roles = frozenset(m.role for m in self.memberships)
        self.is_global = bool(
            user.is_authenticated
            and (
                user.is_superuser
                or self.roles & GLOBAL_ROLES
                or any(
                    m.agency_id is None
                    and m.unit_id is None
                    and m.party_org_id is None
                    and m.role in STAFF_ROLES
                    for m in self.memberships
                )
            )
        )
        self._unit_ids: set[int] | None = None
        self._subtree: set[int] | None = None
        self._agency_ids: set[int] | None = None

    @property
    def is_staff(self) -> bool:
        return self.is_global or bool(self.roles & STAFF_ROLES)

    def _descendants(self, model, roots: set[int]) -> set[int]:
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in model.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        seen, stack = set(), list(roots)
        while stack:
            pk = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            stack.extend(children.get(pk, ()))
        return seen

    def _subtree_roots(self) -> set[int]:
        """Units whose whole subtree is visible: a unit membership, a head's unit, a party org's unit."""
        roots = set()
        for m in self.memberships:
            if m.role not in STAFF_ROLES:
                continue
            if m.unit_id:
                roots.add(m.unit_id)
            elif m.agency is not None and m.role == Role.HEAD:
                roots.add(m.agency.unit_id)
            elif m.party_org is not None and m.party_org.unit_id:
                roots.add(m.party_org.unit_id)
        return roots

    def _subtree_units(self) -> set[int]:
        if self._subtree is None:
            self._subtree = self._descendants(AdministrativeUnit, self._subtree_roots())
        return self._subtree

    def unit_ids(self) -> set[int] | None:
        """Visible unit ids, or None for "all"."""
        if self.is_global:
            return None
        if self._unit_ids is None:
            # Staff also see the unit of their own agency (not the units below it).
            own = {
                m.agency.unit_id
                for m in self.memberships
                if m.role in STAFF_ROLES and m.agency is not None
            }
            self._unit_ids = self._subtree_units() | own
        return self._unit_ids

    def province_codes(self) -> set[str] | None:
        """The provinces of the user's memberships, or None for "all" (global roles).

        Every large table carries its province (the distribution key), and every scoped query
        filters by it first, so a query never leaves the user's province's shard.
        """
        if self.is_global:
            return None
        codes = set()
        for m in self.memberships:
            for held in (m.agency, m.unit, m.party_org):
                if held is not None:
                    codes.add(held.province_code)
        return codes

    def agency_ids(self) -> set[int] | None:
        """Visible agency ids, or None for "all"."""
        if self.is_global:
            return None
        if self._agency_ids is None:
            roots = {m.agency_id for m in self.memberships if m.role in STAFF_ROLES and m.agency_id}
            ids = self._descendants(Agency, roots)
            in_units = Agency.objects.filter(unit_id__in=self._subtree_units())
            self._agency_ids = ids | set(in_units.values_list("pk", flat=True))
        return self._agency_ids


def scope_for(user) -> Scope:
    if not user.is_authenticated:
        return Scope(user)
    return memo(("org.scope", user.pk), lambda: Scope(user))


def user_roles(user) -> frozenset[str]:
    scope = scope_for(user)
    roles = set(scope.roles)
    if user.is_authenticated and user.is_superuser:
        roles.add(Role.ADMIN)
    return frozenset(roles)


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def require_role(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def require_staff(user) -> None:
    if not scope_for(user).is_staff:
        raise PermissionDenied


def is_admin(user) -> bool:
    return has_role(user, Role.ADMIN)


# ---- querysets filtered by what a user may see -------------------------------------------------


def unit_list_for_user(user):
    require_staff(user)
    ids = scope_for(user).unit_ids()
    qs = AdministrativeUnit.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


def agency_list_for_user(user):
    require_staff(user)
    ids = scope_for(user).agency_ids()
    qs = Agency.objects.select_related("unit", "parent")
    return qs if ids is None else qs.filter(pk__in=ids)


def party_org_list_for_user(user):
    require_staff(user)
    scope = scope_for(user)
    qs = PartyOrganization.objects.all()
    if scope.is_global:
        return qs
    from django.db.models import Q

    return qs.filter(Q(unit_id__in=scope.unit_ids()) | Q(agency_id__in=scope.agency_ids()))


def person_list_for_user(user):
    require_staff(user)
    scope = scope_for(user)
    qs = Person.objects.all()
    if scope.is_global:
        return qs
    from django.db.models import Q

    return qs.filter(
        Q(terms__agency_id__in=scope.agency_ids())
        | Q(terms__party_org__in=party_org_list_for_user(user))
    ).distinct()


def delegation_list_for_user(user):
    require_staff(user)
    ids = scope_for(user).agency_ids()
    qs = Delegation.objects.select_related("delegator", "delegate", "agency")
    return qs if ids is None else qs.filter(agency_id__in=ids)


def _get_in(qs, pk):
    """404 for what does not exist, 403 for what exists but is out of scope."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        get_object_or_404(qs.model, pk=pk)
        raise PermissionDenied
    return obj


def get_unit_for_user(user, pk) -> AdministrativeUnit:
    return _get_in(unit_list_for_user(user), pk)


def get_agency_for_user(user, pk) -> Agency:
    return _get_in(agency_list_for_user(user), pk)


def get_person_for_user(user, pk) -> Person:
    return _get_in(person_list_for_user(user), pk)


def get_delegation_for_user(user, pk) -> Delegation:
    return _get_in(delegation_list_for_user(user), pk)


def term_list_for_user(user):
    """Terms of agencies and party organisations the user may see."""
    require_staff(user)
    scope = scope_for(user)
    qs = Term.objects.select_related("person", "agency", "party_org")
    if scope.is_global:
        return qs
    from django.db.models import Q

    return qs.filter(
        Q(agency_id__in=scope.agency_ids()) | Q(party_org__in=party_org_list_for_user(user))
    )


def quota_list_for_user(user):
    require_staff(user)
    ids = scope_for(user).agency_ids()
    qs = StaffingQuota.objects.select_related("agency")
    return qs if ids is None else qs.filter(agency_id__in=ids)


def get_term_for_user(user, pk) -> Term:
    return _get_in(term_list_for_user(user), pk)


def get_quota_for_user(user, pk) -> StaffingQuota:
    return _get_in(quota_list_for_user(user), pk)
