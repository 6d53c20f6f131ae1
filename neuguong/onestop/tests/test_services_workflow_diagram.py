"""The committed state diagram is generated from the transition table and must be current."""

from neuguong.onestop.constants import TRANSITIONS
from neuguong.onestop.management.commands.workflow_diagram import REPO, TARGET, render


def test_it_keeps_the_committed_workflow_diagram_current():
    committed = (REPO / TARGET).read_text(encoding="utf-8")
    assert committed == render(), "run `neuguong workflow_diagram` and commit the result"


def test_it_draws_every_action_of_the_table():
    text = render()
    for action in TRANSITIONS:
        assert f": {action}" in text
