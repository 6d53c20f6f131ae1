"""The per-request cache (core.request_cache): scopes are computed once per request, never kept on
the user object, and a later request sees what changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.core.request_cache import forget, memo, request_cache
from neuguong.org.access import scope_for

pytestmark = pytest.mark.django_db


def test_it_computes_once_inside_a_request_and_every_time_outside():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert memo("k", compute) == 1
    assert memo("k", compute) == 2  # no request: nothing is cached
    with request_cache():
        assert memo("k", compute) == 3
        assert memo("k", compute) == 3
        forget()
        assert memo("k", compute) == 4
    assert memo("k", compute) == 5


def test_a_scope_is_read_once_per_request_and_not_pinned_on_the_user(world):
    with request_cache(), CaptureQueriesContext(connection) as queries:
        scope_for(world.reception).agency_ids()
        first = len(queries)
        scope_for(world.reception).agency_ids()
        assert len(queries) == first
    assert not [name for name in vars(world.reception) if "scope" in name]


def test_a_new_membership_shows_in_the_next_request(world):
    from neuguong.org.tests.factories import MembershipFactory

    with request_cache():
        assert world.agency_b.pk not in scope_for(world.reception).agency_ids()
    MembershipFactory(user=world.reception, role="reception", agency=world.agency_b)
    with request_cache():
        assert world.agency_b.pk in scope_for(world.reception).agency_ids()


def test_an_inner_block_joins_the_open_cache():
    calls = []
    with request_cache():
        memo("k", lambda: calls.append(1))
        with request_cache():  # a service's own block inside a request
            memo("k", lambda: calls.append(1))
    assert calls == [1]
