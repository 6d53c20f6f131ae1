"""Write docs/workflows/reception-session.md and reception-dialogue.md from the two transition tables.

`neuguong manage reception_workflow_diagram` rewrites them; `--check` exits 1 if a committed file is stale.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from neuguong.core import workflow_diagram as diagram
from neuguong.feedback.reception.constants import (
    DIALOGUE_TRANSITIONS,
    SESSION_TRANSITIONS,
    DialogueState,
    SessionState,
)

REPO = Path(__file__).resolve().parents[5]
TARGETS = {
    Path("docs/workflows/reception-session.md"): lambda: diagram.render(
        title="The reception-day workflow (tiếp công dân)",
        source="`neuguong/feedback/reception/constants.py` (`SESSION_TRANSITIONS`)",
        table=SESSION_TRANSITIONS,
        states=SessionState,
        entries=[("planned", "plan (session_plan)")],
        finals=["acknowledged", "cancelled"],
    ),
    Path("docs/workflows/reception-dialogue.md"): lambda: diagram.render(
        title="The dialogue-conference workflow (đối thoại)",
        source="`neuguong/feedback/reception/constants.py` (`DIALOGUE_TRANSITIONS`)",
        table=DIALOGUE_TRANSITIONS,
        states=DialogueState,
        entries=[("planned", "plan (dialogue_plan)")],
        finals=["published", "cancelled"],
    ),
}


class Command(BaseCommand):
    help = "Write (or --check) the reception and dialogue state diagrams in docs/workflows/."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if a file is stale")

    def handle(self, *args, check=False, **options):
        for target, render in TARGETS.items():
            path = REPO / target
            text = render()
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    raise CommandError(
                        f"{target} is stale: run `neuguong manage reception_workflow_diagram`."
                    )
                self.stdout.write(f"{target} is current.")
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {target}.")
