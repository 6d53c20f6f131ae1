"""Write docs/workflows/onestop-dossier.md: the dossier state diagram, generated from TRANSITIONS.

`neuguong workflow_diagram` rewrites the file; `--check` exits 1 if the committed file is stale (CI).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from neuguong.core import workflow_diagram as diagram
from neuguong.onestop.constants import FINAL_STATES, PORTAL_CODES, TRANSITIONS, DossierState

TARGET = Path("docs/workflows/onestop-dossier.md")
REPO = Path(__file__).resolve().parents[4]


def render() -> str:
    """The Markdown page: a Mermaid state diagram and the table, both from constants.TRANSITIONS."""
    return diagram.render(
        title="The one-stop dossier workflow",
        source="`neuguong/onestop/constants.py` (`TRANSITIONS`)",
        table=TRANSITIONS,
        states=DossierState,
        entries=[("new", "submit online"), ("accepted", "receive at a desk")],
        finals=sorted(FINAL_STATES),
        state_notes=PORTAL_CODES,
        footer="Numbers in brackets are the status codes of the national public-service portal.",
    )


class Command(BaseCommand):
    help = "Write (or --check) docs/workflows/onestop-dossier.md from the dossier transition table."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the file is stale")

    def handle(self, *args, check=False, **options):
        path = REPO / TARGET
        text = render()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{TARGET} is stale: run `neuguong workflow_diagram`.")
            self.stdout.write(f"{TARGET} is current.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {TARGET}.")
