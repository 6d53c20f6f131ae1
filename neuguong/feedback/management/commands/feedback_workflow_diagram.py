"""Write docs/workflows/feedback-{feedback,complaint,denunciation}.md from the three tables.

`neuguong feedback_workflow_diagram` rewrites the files; `--check` exits 1 if one is stale (CI).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from neuguong.core import workflow_diagram as diagram
from neuguong.feedback.constants import FINAL_STATES, TABLES, ItemKind, ItemState

REPO = Path(__file__).resolve().parents[4]
TITLES = {
    ItemKind.FEEDBACK: "The feedback item workflow (phản ánh, kiến nghị)",
    ItemKind.COMPLAINT: "The complaint workflow (khiếu nại, Law on Complaints 2011)",
    ItemKind.DENUNCIATION: "The denunciation workflow (tố cáo, Law on Denunciations 2018)",
}
NAMES = {
    ItemKind.FEEDBACK: "FEEDBACK_TRANSITIONS",
    ItemKind.COMPLAINT: "COMPLAINT_TRANSITIONS",
    ItemKind.DENUNCIATION: "DENUNCIATION_TRANSITIONS",
}


def target(kind: str) -> Path:
    return Path(f"docs/workflows/feedback-{kind}.md")


def render(kind: str) -> str:
    table = TABLES[kind]
    reached = {row.target for row in table.values()} | {
        s for row in table.values() for s in row.sources
    }
    return diagram.render(
        title=TITLES[ItemKind(kind)],
        source=f"`neuguong/feedback/constants.py` (`{NAMES[ItemKind(kind)]}`)",
        table=table,
        states=[s for s in ItemState if s in reached],
        entries=[("submitted", "submit_item (web, API, Open311, reception, dialogue, visit)")],
        finals=sorted(s for s in FINAL_STATES if s in reached),
    )


class Command(BaseCommand):
    help = "Write (or --check) docs/workflows/feedback-*.md from the feedback transition tables."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if a file is stale")

    def handle(self, *args, check=False, **options):
        for kind in TABLES:
            path, text = REPO / target(kind), render(kind)
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    raise CommandError(
                        f"{target(kind)} is stale: run `neuguong feedback_workflow_diagram`."
                    )
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {target(kind)}.")
