"""System checks of the deployment (`neuguong check`, `neuguong check --deploy`).

Demo mode (NEUGUONG_DEMO=1) lets anyone sign in with a printed password: production refuses it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

DEMO_IN_PRODUCTION = "neuguong.E001"
DEMO_AT_DEPLOY = "neuguong.E002"


def _demo_on() -> bool:
    return bool(getattr(settings, "DEMO_MODE", False))


@register(Tags.security)
def demo_mode_with_production_secrets(app_configs=None, **kwargs) -> list[Error]:
    """Every command refuses demo mode on a server that says it is production (NEUGUONG_REQUIRE_SECRET=1)."""
    if _demo_on() and getattr(settings, "REQUIRE_SECRET", False):
        return [
            Error(
                "NEUGUONG_DEMO=1 on a production server (NEUGUONG_REQUIRE_SECRET=1): demo accounts "
                "with a known password. Chế độ demo không được bật trên máy chủ thật.",
                hint="Unset NEUGUONG_DEMO. Bỏ biến NEUGUONG_DEMO.",
                id=DEMO_IN_PRODUCTION,
            )
        ]
    return []


@register(Tags.security, deploy=True)
def demo_mode_at_deploy(app_configs=None, **kwargs) -> list[Error]:
    """`check --deploy` refuses demo mode outright: a deployment is not a demo."""
    if _demo_on():
        return [
            Error(
                "NEUGUONG_DEMO=1: demo mode is for trying the software, never for a deployment. "
                "Chế độ demo chỉ để dùng thử, không dùng để triển khai.",
                hint="Unset NEUGUONG_DEMO. Bỏ biến NEUGUONG_DEMO.",
                id=DEMO_AT_DEPLOY,
            )
        ]
    return []
