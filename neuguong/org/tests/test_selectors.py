import datetime as dt

from neuguong.org.constants import DecisionKind, PositionTitle
from neuguong.org.selectors import (
    authorising_delegation,
    authority_memo,
    deputies_of,
    head_of,
    heads_by_agency,
    is_head,
    may_sign,
)
from neuguong.org.tests import factories as f

JUNE_30 = dt.date(2025, 6, 30)
JULY_1 = dt.date(2025, 7, 1)


def test_it_names_the_head_on_each_side_of_a_change_of_head(world):
    old = f.PersonFactory(full_name="Old Head")
    f.TermFactory(
        person=old, agency=world.agency_a, started_on=dt.date(2021, 1, 1), ended_on=JUNE_30
    )
    assert head_of(world.agency_a, JUNE_30) == old
    assert head_of(world.agency_a, JULY_1) == world.head.person_obj
    assert head_of(world.agency_a, dt.date(2020, 1, 1)) is None
    assert heads_by_agency([world.agency_a], JUNE_30) == {world.agency_a.pk: old}


def test_it_lists_deputies_on_a_date(world):
    deputy = f.PersonFactory()
    f.TermFactory(person=deputy, agency=world.agency_a, title=PositionTitle.DEPUTY)
    assert deputies_of(world.agency_a, JULY_1) == [deputy]
    assert deputies_of(world.agency_a, JUNE_30) == []


def test_it_finds_the_secretary_of_a_party_organisation(world):
    secretary = f.PersonFactory()
    f.TermFactory(
        person=secretary, agency=None, party_org=world.party_a, title=PositionTitle.SECRETARY
    )
    assert head_of(world.party_a, JULY_1) == secretary


def test_it_lets_the_head_sign_without_a_delegation(world):
    assert may_sign(world.head.person_obj, "1.001193", world.agency_a, JULY_1)
    assert not may_sign(world.head.person_obj, "1.001193", world.agency_a, JUNE_30)
    assert not may_sign(world.head.person_obj, "1.001193", world.agency_b, JULY_1)


def test_it_answers_the_same_from_the_authority_memo_in_one_query_per_pair(
    world, django_assert_num_queries
):
    term = world.head.person_obj.terms.get()
    term.ended_on = dt.date(2025, 9, 30)
    term.save()
    days = [JUNE_30, JULY_1, dt.date(2025, 9, 30), dt.date(2025, 10, 1)]
    plain = [is_head(world.head.person_obj, world.agency_a, d) for d in days]
    with authority_memo():
        with django_assert_num_queries(1):
            memo = [is_head(world.head.person_obj, world.agency_a, d) for d in days]
        assert may_sign(world.head.person_obj, "1.001193", world.agency_a, JULY_1)
    assert memo == plain == [False, True, True, False]


def _delegation(world, **kwargs):
    deputy = f.PersonFactory(full_name="Deputy")
    defaults = {
        "delegator": world.head.person_obj,
        "delegate": deputy,
        "agency": world.agency_a,
        "procedure_codes": ["1.001193"],
        "decision_kinds": [DecisionKind.APOLOGY_LETTER],
        "valid_from": dt.date(2025, 8, 1),
        "valid_to": dt.date(2025, 12, 31),
    }
    return f.DelegationFactory(**{**defaults, **kwargs})


def test_it_lets_a_delegate_sign_only_within_the_delegations_dates(world):
    d = _delegation(world)
    assert not may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2025, 7, 31))
    assert may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2025, 8, 1))
    assert may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2025, 12, 31))
    assert not may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2026, 1, 1))
    assert authorising_delegation(d.delegate, "1.001193", world.agency_a, dt.date(2025, 9, 1)) == d


def test_it_covers_only_the_delegated_subjects(world):
    d = _delegation(world)
    day = dt.date(2025, 9, 1)
    assert may_sign(d.delegate, DecisionKind.APOLOGY_LETTER, world.agency_a, day)
    assert not may_sign(d.delegate, "2.000815", world.agency_a, day)
    assert not may_sign(d.delegate, "1.001193", world.agency_b, day)


def test_it_drops_an_authorisation_when_the_delegator_is_no_longer_head(world):
    term = world.head.person_obj.terms.get()
    term.ended_on = dt.date(2025, 9, 30)
    term.save()
    d = _delegation(world)
    assert may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2025, 9, 30))
    assert not may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2025, 10, 1))


def test_it_keeps_a_decentralisation_whoever_heads_the_agency(world):
    outsider = f.PersonFactory()
    d = _delegation(world, kind="decentralisation", delegator=outsider)
    assert may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2025, 9, 1))


def test_it_stops_a_revoked_delegation_from_its_revocation_date(world):
    d = _delegation(world, revoked_on=dt.date(2025, 10, 1))
    assert may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2025, 9, 30))
    assert not may_sign(d.delegate, "1.001193", world.agency_a, dt.date(2025, 10, 1))


def test_it_refuses_nobody(world):
    assert not may_sign(None, "1.001193", world.agency_a, JULY_1)
