"""Staff administration pages of the registry (admin role): the common tasks that needed the Django
admin. Thin: the form parses, `org.services` validates (full_clean), writes and audits in one
transaction; a refusal is a 400 with the form and its messages, and nothing changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.core.roles import Role
from neuguong.org import access, services
from neuguong.org.forms_admin import DelegationCreateForm


def _form(request, data=None) -> DelegationCreateForm:
    today = timezone.localdate()
    people = access.person_list_for_user(request.user).order_by("full_name")
    agencies = access.agency_list_for_user(request.user).valid_on(today).order_by("name")
    return DelegationCreateForm(data, people=people, agencies=agencies)


@login_required
def delegation_create(request):
    """Enter a delegation in the register (who may sign what, for whom, on what legal basis)."""
    access.require_role(request.user, Role.ADMIN)
    if request.method != "POST":
        return render(request, "org/admin/delegation_form.html", {"form": _form(request)})
    form = _form(request, request.POST)
    if form.is_valid():
        try:
            delegation = services.delegation_create(actor=request.user, **form.service_fields())
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for field, field_errors in errors.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(
                request,
                _("Delegation entered in the register: %(delegation)s.")
                % {"delegation": delegation},
            )
            return redirect("org-delegation-list")
    return render(request, "org/admin/delegation_form.html", {"form": form}, status=400)
