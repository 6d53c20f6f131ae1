"""Browser-test helper: a citizen signs in the only way citizens do, through VNeID — here the demo's
stand-in provider (the OpenID Connect code flow, for real). Needs settings.DEMO_ALLOWED = True and a
live server; see tests/test_browser_citizen.py for the whole visit."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import timezone


def link_stand_in_resident(user, *, id_number: str, subject: str, full_name: str = ""):
    """Make `user` (an existing citizen account, e.g. the `world.citizen` persona) the one the stand-in's
    resident `subject` signs in to, as the demo load does for its citizen account."""
    from neuguong.core.identity.config import DEMO_PROVIDER
    from neuguong.core.identity.demo_provider import create_demo_resident
    from neuguong.core.identity.models import CitizenIdentity

    name = full_name or user.get_full_name() or user.username
    resident = create_demo_resident(user=user, subject=subject, id_number=id_number, full_name=name)
    CitizenIdentity.objects.get_or_create(
        user=user,
        defaults={
            "provider": DEMO_PROVIDER,
            "subject": resident.subject,
            "id_number": id_number,
            "full_name": name,
            "created_at": timezone.now(),
        },
    )
    return resident


def sign_in_with_stand_in(page, base: str, id_number: str) -> None:
    """The login page → "Đăng nhập bằng VNeID" → the stand-in's form (ID number, demo password) → back."""
    page.goto(f"{base}/login/")
    page.click("[data-vneid-sign-in]")
    page.wait_for_url(re.compile(r"/vneid-demo/login/"))
    page.fill("#id_number", id_number)
    page.fill("#password", settings.DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/vneid-demo/" not in url and "/oidc/" not in url)
    page.wait_for_load_state("networkidle")
