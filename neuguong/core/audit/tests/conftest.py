import pytest
from django.core.management import CommandError, call_command


@pytest.fixture
def audited(world):
    """Only org.Agency is audited during these tests, whatever other apps register."""
    # Imported here: pytest loads this module before Django is set up.
    from neuguong.core.audit import log_action, registry
    from neuguong.org.access import get_agency_for_user
    from neuguong.org.models import Agency

    saved = dict(registry._registry)
    registry._registry.clear()
    registry.register(Agency, fields=("name", "kind", "valid_to"), get_for_user=get_agency_for_user)
    for agency in Agency.objects.all():
        log_action(agency, "org.agency.created", actor="system:test")
    yield world
    registry._registry.clear()
    registry._registry.update(saved)


def run_verify(*args) -> tuple[int, str]:
    """`neuguong audit verify ARGS`: (exit status, output)."""
    out = []

    class Sink:
        def write(self, s):
            out.append(s)

        def flush(self):
            pass

    try:
        call_command("audit", "verify", *args, stdout=Sink())
    except CommandError as exc:
        return exc.returncode, "".join(out)
    return 0, "".join(out)
