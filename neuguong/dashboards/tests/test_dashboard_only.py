"""`province_dashboard(..., only=…)`: a public card scores its own league alone, with the same figures."""

import pytest

from neuguong.dashboards.selectors import province_dashboard
from neuguong.dashboards.tests import drilldown_data
from neuguong.dashboards.tests.helpers import MARCH

pytestmark = pytest.mark.django_db


def _cards(scores):
    return {s.unit.pk: (s.counts, s.card) for s in scores}


def test_one_league_has_the_same_figures_as_the_whole_dashboard(march):
    whole = province_dashboard(MARCH, None)
    agencies = province_dashboard(MARCH, None, only="agencies")
    communes = province_dashboard(MARCH, None, only="communes")
    assert _cards(agencies.agencies) == _cards(whole.agencies)
    assert _cards(communes.communes) == _cards(whole.communes)
    assert agencies.communes == []
    assert communes.agencies == []
    assert agencies.province.card == whole.province.card == communes.province.card


def test_one_league_counts_procedures_as_the_whole_dashboard_does(world):
    """The varied month (online and fee-charging dossiers, a cross-level online dossier, two
    provinces): a single league counts 3.2 and 3.5b in SQL, and gets the same figures."""
    drilldown_data.add_cross_level(drilldown_data.build(world))
    for user in (None, world.inspector):
        whole = province_dashboard(MARCH, user)
        agencies = province_dashboard(MARCH, user, only="agencies")
        communes = province_dashboard(MARCH, user, only="communes")
        assert _cards(agencies.agencies) == _cards(whole.agencies)
        assert _cards(communes.communes) == _cards(whole.communes)
        assert agencies.province.counts == whole.province.counts == communes.province.counts
        assert any(s.counts.online_procedures_used for s in whole.agencies)
        assert any(s.counts.paid_procedures for s in whole.communes)


def test_an_unknown_league_is_refused():
    with pytest.raises(ValueError, match="agencies, communes or None"):
        province_dashboard(MARCH, None, only="heads")


def test_the_public_cards_match_the_index(client, march):
    whole = province_dashboard(MARCH, None)
    for kind, scores in (("co-quan", whole.agencies), ("xa", whole.communes)):
        score = next(s for s in scores if s.counts.ended)
        page = client.get(f"/cong-khai/{kind}/{score.unit.pk}/?period=2026-03")
        assert page.status_code == 200
        assert page.context["score"].card == score.card
        assert page.context["row"].score.card == score.card
