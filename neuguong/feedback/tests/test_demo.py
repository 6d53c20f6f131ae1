"""The demo's year of feedback: bulk history and live items verify alike, and a rerun adds nothing."""

import pytest

from neuguong.feedback.models import FeedbackItem

pytestmark = pytest.mark.django_db


def test_the_demo_history_verifies_and_loads_once(world, monkeypatch):
    from neuguong.core.audit.verify import verify
    from neuguong.demo import feedback as demo

    monkeypatch.setattr(demo, "BULK", 60)
    monkeypatch.setattr(demo, "COMPLAINTS", 8)
    monkeypatch.setattr(demo, "DENUNCIATIONS", 4)
    monkeypatch.setattr(demo, "LIVE", 6)
    added = demo.load_feedback()
    assert added == 78
    assert demo.load_feedback() == 0
    kinds = set(FeedbackItem.objects.values_list("kind", flat=True))
    assert kinds == {"feedback", "complaint", "denunciation"}
    assert FeedbackItem.objects.filter(state="published").exists()
    report = verify(processes=1)
    problems = [p for p in report.problems if "feedback" in str(p)]
    assert problems == []
