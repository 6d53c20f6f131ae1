"""Login, logout and the home page, which differs per role (DESIGN.md §1)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from neuguong.core import home_figures
from neuguong.core.roles import Role
from neuguong.org import access, selectors
from neuguong.org.models import (
    Delegation,
    Person,
    StaffingQuota,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


CITIZEN_SIGNS_IN_WITH_VNEID = _(
    "Citizens sign in with the national electronic identity VNeID (Decree 69/2024/NĐ-CP), not with a "
    "password: use “Đăng nhập bằng VNeID” (Sign in with VNeID) above. Passwords are for staff accounts."
)


class StaffLoginForm(AuthenticationForm):
    """The username and password form, for staff. A citizen's account with its right password is told
    to sign in through VNeID (the backend, identity.backend.StaffPasswordBackend, refuses it anyway);
    a wrong password reads as any wrong password, so the form does not tell who is a citizen."""

    def clean(self):
        from neuguong.core.identity.backend import password_login_refused

        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            User = get_user_model()
            user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
            if user is not None and user.check_password(password) and password_login_refused(user):
                raise ValidationError(
                    CITIZEN_SIGNS_IN_WITH_VNEID, code="citizen_signs_in_with_vneid"
                )
        return super().clean()


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True
    authentication_form = StaffLoginForm


class LogoutView(auth_views.LogoutView):
    pass


# A user with several roles sees the home page of the most far-reaching one.
HOME_ORDER = (
    Role.ADMIN,
    Role.INSPECTOR,
    Role.HEAD,
    Role.SUPERVISOR,
    Role.PARTY_OFFICE,
    Role.SPECIALIST,
    Role.RECEPTION,
    Role.CITIZEN,
)


def primary_role(user) -> str | None:
    """The role whose home page the user sees; None for anonymous visitors."""
    if not user.is_authenticated:
        return None
    roles = access.user_roles(user)
    for role in HOME_ORDER:
        if role in roles:
            return str(role)
    # A registered account without a staff membership is a citizen.
    return str(Role.CITIZEN)


def _links(*pairs) -> list[tuple[str, str]]:
    """(url, label) for the URL names that exist: pages of apps still to come are left out."""
    links = []
    for name, label in pairs:
        try:
            links.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return links


_REGISTRY_LINKS = (
    ("org-agency-list", _("Agencies")),
    ("org-person-list", _("People")),
    ("org-unit-tree", _("Administrative units")),
    ("org-delegation-list", _("Delegation register")),
    ("org-may-sign", _("Check who may sign")),
    ("org-quota-report", _("Staffing against quota")),
)


def _agencies_of(user, role):
    return [m.agency for m in access.scope_for(user).memberships if m.role == role and m.agency]


def _party_orgs_of(user, role):
    return [
        m.party_org for m in access.scope_for(user).memberships if m.role == role and m.party_org
    ]


def _person_of(user):
    return Person.objects.filter(user=user).first()


def _agency_card(agency, day):
    quotas = list(StaffingQuota.objects.filter(agency=agency, year=day.year))
    return {
        "agency": agency,
        "head": selectors.head_of(agency, day),
        "deputies": selectors.deputies_of(agency, day),
        "quota": selectors.quota_totals(quotas) if quotas else None,
    }


def _home_citizen(request, day):
    return {
        "links": _links(
            ("onestop-track", _("Track a dossier")),
            ("onestop-submit", _("Submit a dossier online")),
            ("onestop-my-dossiers", _("My dossiers")),
            ("onestop-procedures", _("Administrative procedures")),
            ("feedback-my-list", _("My feedback")),
        )
    }


def _home_reception(request, day):
    return {
        "figures": home_figures.reception_figures(request.user, day),
        "agencies": [_agency_card(a, day) for a in _agencies_of(request.user, Role.RECEPTION)],
        "links": _links(
            ("onestop-intake", _("Receive a dossier")),
            ("onestop-search", _("Find a dossier")),
            ("onestop-register", _("Dossier register")),
            ("onestop-queues", _("Dossier queues")),
            ("onestop-track", _("Track a dossier")),
            *_REGISTRY_LINKS[:1],
        ),
    }


def _home_specialist(request, day):
    person = _person_of(request.user)
    received = (
        Delegation.objects.valid_on(day)
        .filter(delegate=person)
        .select_related("delegator", "delegate", "agency")
        if person
        else []
    )
    return {
        "figures": home_figures.specialist_figures(request.user, day),
        "agencies": [_agency_card(a, day) for a in _agencies_of(request.user, Role.SPECIALIST)],
        "received": _with_procedure_names(received),
        "links": _links(("onestop-queues", _("Dossier queues")), *_REGISTRY_LINKS),
    }


def _home_head(request, day):
    person = _person_of(request.user)
    given = (
        Delegation.objects.valid_on(day)
        .filter(delegator=person)
        .select_related("delegator", "delegate", "agency")
        if person
        else []
    )
    return {
        "figures": home_figures.head_figures(request.user, day),
        "agencies": [_agency_card(a, day) for a in _agencies_of(request.user, Role.HEAD)],
        "given": _with_procedure_names(given),
        "links": _links(
            ("onestop-queues", _("Dossier queues")),
            ("accountability-scorecard", _("My scorecard")),
            *_REGISTRY_LINKS,
        ),
    }


def _party_card(org, day):
    return {
        "org": org,
        "head": selectors.head_of(org, day),
        "deputies": selectors.deputies_of(org, day),
    }


def _home_party_office(request, day):
    return {
        "party_orgs": [
            _party_card(o, day) for o in _party_orgs_of(request.user, Role.PARTY_OFFICE)
        ],
        "links": _links(
            ("reviews-round-list", _("Review rounds")),
            ("accountability-issue-list", _("Pressing issues")),
            *_REGISTRY_LINKS[:3],
        ),
    }


def _home_supervisor(request, day):
    return {
        "party_orgs": [_party_card(o, day) for o in _party_orgs_of(request.user, Role.SUPERVISOR)],
        "links": _links(
            ("reviews-round-list", _("Review rounds")),
            ("dashboards-index", _("Dashboards")),
            *_REGISTRY_LINKS[:3],
        ),
    }


def _home_inspector(request, day):
    return {
        "figures": home_figures.inspector_figures(request.user, day),
        "audit": home_figures.audit_summary(day),
        "exports": _exports(day),
        "counts": _registry_counts(day),
        "links": _links(
            ("audit-event-list", _("Audit log")),
            ("audit-digests", _("Published audit digests")),
            ("dashboards-index", _("Dashboards")),
            *_REGISTRY_LINKS,
        ),
    }


def _exports(day) -> list[tuple[str, StrOrPromise]]:
    """This month's dossier register, as the inspector downloads it."""
    try:
        url = reverse("onestop-register")
    except NoReverseMatch:
        return []
    period = f"?from={day.replace(day=1):%Y-%m-%d}&to={day:%Y-%m-%d}"
    return [
        (url + period, _("Dossier register of this month (page)")),
        (url + period + "&format=pdf", _("Dossier register of this month (PDF)")),
        (url + period + "&format=xlsx", _("Dossier register of this month (Excel)")),
    ]


def _with_procedure_names(delegations) -> list[dict]:
    """[{"delegation", "procedures": [(code, name), ...]}]: the names of the procedures each delegation
    covers, read in one query for all of them (a head reads names, not national codes)."""
    from neuguong.onestop.models import Procedure

    delegations = list(delegations)
    codes = {code for d in delegations for code in (d.procedure_codes or [])}
    names = (
        dict(Procedure.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    )
    return [
        {
            "delegation": d,
            "procedures": [(code, names.get(code, code)) for code in d.procedure_codes or []],
        }
        for d in delegations
    ]


def _registry_counts(day):
    # One definition with the demo's printout (neuguong demo): org.selectors.registry_counts.
    return selectors.registry_counts(day)


def _home_admin(request, day):
    return {
        "counts": _registry_counts(day),
        "links": _links(
            ("admin:index", _("Administration")),
            ("admin:org_administrativeunit_changelist", _("Administrative units")),
            ("admin:org_agency_changelist", _("Agencies")),
            ("admin:org_person_changelist", _("People")),
            ("admin:org_delegation_changelist", _("Delegations")),
            ("admin:org_membership_changelist", _("Roles and memberships")),
            ("admin:auth_user_changelist", _("Accounts")),
            ("admin:core_apitoken_changelist", _("API tokens")),
            ("admin:audit_auditevent_changelist", _("Audit log")),
        ),
        "registry_links": _links(*_REGISTRY_LINKS),
    }


_HOMES = {
    Role.CITIZEN: _home_citizen,
    Role.RECEPTION: _home_reception,
    Role.SPECIALIST: _home_specialist,
    Role.HEAD: _home_head,
    Role.PARTY_OFFICE: _home_party_office,
    Role.SUPERVISOR: _home_supervisor,
    Role.INSPECTOR: _home_inspector,
    Role.ADMIN: _home_admin,
}


def _public_home() -> dict:
    """The visitor's landing page, in the way of the national public-service portal: the procedure
    search, the procedures by field (one grouped COUNT), and the two main actions."""
    from neuguong.onestop.models import Procedure

    fields = (
        Procedure.objects.filter(is_active=True)
        .exclude(field="")
        .values("field")
        .annotate(n=Count("pk"))
        .order_by("-n", "field")
    )
    return {"fields": list(fields), "procedure_total": sum(f["n"] for f in fields)}


_FAVICON = Path(settings.BASE_DIR) / "static" / "favicon.ico"


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """/favicon.ico, which browsers ask for on their own (the pages link the SVG as well)."""
    return HttpResponse(_FAVICON.read_bytes(), content_type="image/x-icon")


def home(request):
    """The public welcome for visitors; a dashboard of the user's main role otherwise."""
    role = primary_role(request.user)
    if role is None:
        return render(request, "core/home_public.html", _public_home())
    day = timezone.localdate()
    context = {"role": role, "role_label": Role(role).label, "day": day}
    context.update(_HOMES[Role(role)](request, day))
    return render(request, "core/home.html", context)
