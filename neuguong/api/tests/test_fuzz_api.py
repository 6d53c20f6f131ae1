"""Schemathesis over /api/v1/ (issue 7 §7): no generated request may answer 5xx.

Every operation of the OpenAPI document is driven with data generated from its schema, valid
(positive) and invalid (negative), as an administrator and as a specialist, with path parameters both
generated and fixed to real rows (so that the handlers run, not only the 404 of an unknown id). Each
request runs in a savepoint that is rolled back, so examples do not change the world the next one
sees and a database error cannot poison the rest of the run.

Bounded for CI: FUZZ_MAX_EXAMPLES examples per operation and mode (25 by default), derandomized so a
failure reproduces, and a FUZZ_BUDGET_SECONDS budget (600) after which the remaining operations are
left out (the test says how many). Marked `fuzz`: run once, in the PostgreSQL pass.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from neuguong.core.models import ApiToken
from neuguong.onestop.constants import TRANSITIONS

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
BUDGET_SECONDS = float(os.environ.get("FUZZ_BUDGET_SECONDS", "600"))


@pytest.fixture
def rows(world):
    """Real rows for the path parameters, and a dossier in processing."""
    from neuguong.onestop.constants import ActorKind
    from neuguong.onestop.services import dossier_receive, dossier_start
    from neuguong.onestop.tests.factories import applicant, procedure_with_steps
    from neuguong.org.models import StaffingQuota, Term
    from neuguong.org.tests.factories import DelegationFactory

    procedure = procedure_with_steps(
        [
            (ActorKind.RECEIVE, 4, None),
            (ActorKind.PROCESS, 16, None),
            (ActorKind.SIGN, 4, None),
            (ActorKind.RETURN, 0, None),
        ],
        code="1.001193",
    )
    dossier = dossier_receive(
        actor=world.reception,
        receiving_agency=world.desk_a,
        procedure=procedure,
        applicant=applicant(),
        handling_agency=world.agency_a,
    )
    dossier_start(dossier, actor=world.reception)
    term = Term.objects.filter(person=world.head.person_obj).get()
    quota = StaffingQuota.objects.create(
        agency=world.agency_a, year=2025, kind="civil_servant", approved=10, filled=9
    )
    delegation = DelegationFactory(
        delegator=world.head.person_obj, delegate=world.specialist.person_obj, agency=world.agency_a
    )
    return {
        "code": dossier.code,
        "unit_id": world.commune_a.pk,
        "agency_id": world.agency_a.pk,
        "person_id": world.head.person_obj.pk,
        "term_id": term.pk,
        "quota_id": quota.pk,
        "delegation_id": delegation.pk,
    }


def _request_args(case, token: str) -> tuple[str, str, dict]:
    """(method, url, kwargs) for Django's test client: the case's path, query, headers and body."""
    query = urlencode(case.query or {}, doseq=True)
    url = case.formatted_path + (f"?{query}" if query else "")
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for name, value in (case.headers or {}).items():
        if name.lower() not in ("authorization", "content-type", "content-length"):
            kwargs[f"HTTP_{name.upper().replace('-', '_')}"] = str(value)
    body = case.body
    if body is not None and not _is_unset(body):
        content_type = case.media_type or "application/json"
        if isinstance(body, bytes | str):
            kwargs.update(data=body, content_type=content_type)
        else:
            kwargs.update(data=json.dumps(body), content_type="application/json")
    return case.method.upper(), url, kwargs


def _is_unset(value) -> bool:
    return type(value).__name__ == "NotSet"


def _strategies(operation, rows):
    """(label, strategy) pairs: generated path parameters, then real ones where the path has any."""
    from schemathesis import GenerationMode

    names = [p.name for p in operation.path_parameters]
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        yield mode.value, operation.as_strategy(generation_mode=mode)
        if names and all(n in rows or n == "action" for n in names):
            fixed = {n: rows[n] for n in names if n in rows}
            if "action" in names:
                strategy = st.sampled_from(sorted(TRANSITIONS)).flatmap(
                    lambda a, fixed=fixed, mode=mode: operation.as_strategy(
                        generation_mode=mode, path_parameters={**fixed, "action": a}
                    )
                )
            else:
                strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)
            yield f"{mode.value}, real ids", strategy


def _describe(case, label) -> str:
    return f"{case.method} {case.formatted_path} ({label}) query={case.query!r} body={case.body!r}"


def _runner(strategy, label: str, client: Client, token: str, failures: list[str], sent: Counter):
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = None
        method, url, kwargs = _request_args(case, token)
        with transaction.atomic():
            try:
                response = client.generic(method, url, **kwargs)
            except Exception:  # the view raised: Django would have answered 500
                failures.append(f"{_describe(case, label)}\n{traceback.format_exc(limit=-4)}")
            transaction.set_rollback(True)
        sent[response.status_code if response is not None else 500] += 1
        if response is not None and response.status_code >= 500:
            failures.append(f"{_describe(case, label)} → {response.status_code}")

    return run


def _fuzz(operation, rows, token, failures: list[str], statuses: Counter) -> None:
    client = Client(raise_request_exception=True)
    for label, strategy in _strategies(operation, rows):
        _runner(strategy, label, client, token, failures, statuses)()


@pytest.mark.parametrize("persona", ["admin", "specialist"])
def test_no_generated_request_answers_5xx(world, rows, persona):
    import schemathesis

    document = Client().get("/api/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    _, token = ApiToken.issue(getattr(world, persona))
    failures: list[str] = []
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    done = 0
    statuses: Counter = Counter()
    for operation in operations:
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        _fuzz(operation, rows, token, failures, statuses)
        done += 1
    print(
        f"fuzz {persona}: {statuses.total()} requests over {done}/{len(operations)} operations, "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    assert done > 0
    assert failures == [], "\n\n".join(failures[:20])
