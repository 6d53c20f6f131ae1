"""The public digest page and the per-record timeline."""

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from neuguong.core.audit.registry import registration_for, registrations
from neuguong.core.audit.selectors import digest_list, event_list, events_for_key
from neuguong.core.audit.timeline import timeline_entries, timeline_for
from neuguong.core.pagination import paginate
from neuguong.core.roles import Role
from neuguong.core.validation import INT64_MAX, ascii_digits
from neuguong.org.access import has_role, require_role, require_staff

EVENT_PAGE_SIZE = 50


def digests(request):
    """Public (no login): the daily digests, newest first, 60 a page, and how to check an older one."""
    page = paginate(request, digest_list(None), per_page=60)
    return render(request, "audit/digests.html", {"digests": page.object_list, "page": page})


def _get_record_for_user(user, model, pk):
    """The record (or None if it no longer exists, for inspectors/admins) if `user` may see its
    history; PermissionDenied otherwise. Citizens never see internal audit trails."""
    require_staff(user)
    if has_role(user, Role.INSPECTOR, Role.ADMIN):
        return model._default_manager.filter(pk=pk).first()
    reg = registration_for(model)
    if reg is None or reg.get_for_user is None:
        raise PermissionDenied
    return reg.get_for_user(user, pk)


def _record_pk(model, raw: str):
    """The primary key from the URL as the model's type; 404 for what no row can have ("abc" or "²"
    for an integer key, a number beyond int64)."""
    field = model._meta.pk
    try:
        pk = field.to_python(raw)
    except ValidationError as exc:
        raise Http404 from exc
    if isinstance(pk, int) and (not ascii_digits(raw) or pk > INT64_MAX):
        raise Http404
    return pk


@login_required
def timeline(request, app_label, model_name, pk):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    pk = _record_pk(model, pk)
    obj = _get_record_for_user(request.user, model, pk)
    ct = ContentType.objects.get_for_model(model)
    page = paginate(request, events_for_key(ct, str(obj.pk) if obj is not None else str(pk)))
    if obj is None and not page.paginator.count:
        raise Http404
    return render(
        request,
        "audit/timeline.html",
        # The model's name, not the class: a template calls a callable, and Model() of most
        # models cannot even be printed (a Term without its person).
        {
            "obj": obj,
            "model_name": model._meta.verbose_name,
            "pk": pk,
            "page": page,
            "events": timeline_for(page.object_list, request.user),
        },
    )


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Record kind"), required=False)
    on = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [
            (reg.label, str(reg.model._meta.verbose_name).capitalize()) for reg in registrations()
        ]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("All")), *sorted(kinds, key=lambda kind: kind[1])]

    def content_type(self) -> ContentType | None:
        label = self.cleaned_data.get("kind") if self.is_valid() else ""
        if not label:
            return None
        return ContentType.objects.get_for_model(apps.get_model(label))


@login_required
def event_index(request):
    """Inspectors and administrators: every audit event, newest first, by record kind and day."""
    require_role(request.user, Role.INSPECTOR, Role.ADMIN)
    form = EventFilterForm(request.GET or None)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    ct = form.content_type() if form.is_bound else None
    day = form.cleaned_data.get("on") if form.is_bound and form.is_valid() else None
    page = paginate(request, event_list(content_type=ct, day=day), EVENT_PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "events": timeline_entries(page.object_list, request.user),
    }
    return render(request, "audit/events.html", context, status=status)
