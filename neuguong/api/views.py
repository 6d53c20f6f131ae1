"""Staff page of the personal API tokens (admin role): issue one for an account, shown once, and revoke.

Thin: the form parses, `api.services` checks the role, writes and audits. A refusal is a 400 with the
page and its message, and nothing changes.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from neuguong.api import services
from neuguong.core.errors import DomainError
from neuguong.core.models import ApiToken
from neuguong.core.pagination import paginate
from neuguong.core.roles import Role
from neuguong.core.validation import InvalidInput, as_validation_error, clean_text
from neuguong.org import access


class TokenIssueForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Account"), queryset=get_user_model().objects.none()
    )
    name = forms.CharField(
        label=gettext_lazy("Name of the token"),
        max_length=services.TOKEN_NAME_MAX,
        help_text=gettext_lazy("What it is for, e.g. “provincial dashboard” or “nightly export”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).order_by("username")
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = users
        self.fields["user"].label_from_instance = _account_label  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        try:
            return clean_text(
                self.cleaned_data.get("name"), max_length=services.TOKEN_NAME_MAX, required=True
            )
        except InvalidInput as exc:
            raise as_validation_error(exc) from None


def _account_label(user) -> str:
    full = user.get_full_name()
    return f"{user.username} · {full}" if full else user.username


def _page(request, form: TokenIssueForm, *, raw: str = "", issued=None, status: int = 200):
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    context = {"form": form, "page": paginate(request, tokens), "raw": raw, "issued": issued}
    response = render(request, "api/tokens.html", context, status=status)
    if raw:
        # The raw token is on this page only: no cache, no history copy.
        response["Cache-Control"] = "no-store"
    return response


@login_required
def token_list(request) -> HttpResponse:
    """The tokens (prefix, account, name, state) and the form to issue one; POST issues it."""
    access.require_role(request.user, Role.ADMIN)
    if request.method != "POST":
        return _page(request, TokenIssueForm())
    form = TokenIssueForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.token_issue(
                actor=request.user, user=form.cleaned_data["user"], name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            form.add_error(None, ValidationError(str(exc), code=exc.code))
        else:
            return _page(request, TokenIssueForm(), raw=raw, issued=token, status=201)
    return _page(request, form, status=400)


@login_required
@require_POST
def token_revoke(request, pk: int) -> HttpResponse:
    access.require_role(request.user, Role.ADMIN)
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        services.token_revoke(token, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return _page(request, TokenIssueForm(), status=400)
    messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
    return redirect("api-tokens")
