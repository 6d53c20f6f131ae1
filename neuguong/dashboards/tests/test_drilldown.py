"""Drill-down: the records behind each on-time rate add up to the dashboard's figure, late ones marked."""

import pytest

from neuguong.dashboards.selectors import progress_records, province_dashboard
from neuguong.dashboards.tests.helpers import MARCH

pytestmark = pytest.mark.django_db


def test_the_listed_records_add_up_to_every_figure(march):
    board = province_dashboard(MARCH, march.inspector)
    for score in board.agencies:
        records = progress_records(MARCH, march.inspector, agency=score.unit)
        assert records.count() == score.counts.ended, score.unit
        assert records.filter(late_here=True).count() == score.counts.late, score.unit
    for score in board.communes:
        records = progress_records(MARCH, march.inspector, unit=score.unit)
        assert records.count() == score.counts.ended, score.unit
        assert records.filter(late_here=True).count() == score.counts.late, score.unit
    everything = progress_records(MARCH, march.inspector)
    assert everything.count() == board.province.counts.ended
    assert everything.filter(late_here=True).count() == board.province.counts.late


def test_a_late_interconnected_dossier_names_the_agency_at_fault(march):
    a, dept = march.agency_a, march.department
    in_a = {d.pk: d for d in progress_records(MARCH, march.inspector, agency=a)}
    in_dept = list(progress_records(MARCH, march.inspector, agency=dept))
    assert len(in_dept) == 1
    linked = in_dept[0]
    assert (linked.late_here, linked.fault_agency_id) == (True, dept.pk)
    assert in_a[linked.pk].late_here is False  # A did its own step on time
