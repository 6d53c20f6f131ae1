"""Write docs/workflows/onestop-dossier.md: the dossier state diagram, generated from TRANSITIONS.

`neuguong workflow_diagram` rewrites the file; `--check` exits 1 if the committed file is stale (CI).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from neuguong.onestop.constants import PORTAL_CODES, TRANSITIONS, DossierState

TARGET = Path("docs/workflows/onestop-dossier.md")
REPO = Path(__file__).resolve().parents[4]


def render() -> str:
    """The Markdown page: a Mermaid state diagram and the table, both from constants.TRANSITIONS."""
    lines = [
        "# The one-stop dossier workflow",
        "",
        "Generated from `neuguong/onestop/constants.py` (`TRANSITIONS`) by `neuguong workflow_diagram`;",
        "do not edit by hand. A test fails when this file no longer matches the table.",
        "",
        "```mermaid",
        "stateDiagram-v2",
        "    [*] --> new: submit online",
        "    [*] --> accepted: receive at a desk",
    ]
    for state in DossierState:
        lines.append(f"    {state.value}: {state.value} ({PORTAL_CODES[state]})")
    for action, row in TRANSITIONS.items():
        for source in sorted(row.sources):
            target = row.to_state or source
            lines.append(f"    {source} --> {target}: {action}")
            if row.last_step_to:
                lines.append(f"    {source} --> {row.last_step_to}: {action} (last step)")
    for state in ("refused", "withdrawn", "stopped", "returned"):
        lines.append(f"    {state} --> [*]")
    lines += [
        "```",
        "",
        "| action | from | to | roles |",
        "|---|---|---|---|",
    ]
    for action, row in TRANSITIONS.items():
        sources = ", ".join(sorted(row.sources))
        target = row.to_state or "(unchanged)"
        if row.last_step_to:
            target += f"; {row.last_step_to} after the last step"
        roles = ", ".join(sorted(row.roles))
        lines.append(f"| `{action}` | {sources} | {target} | {roles} |")
    lines += [
        "",
        "Numbers in brackets are the status codes of the national public-service portal.",
        "",
    ]
    return "\n".join(lines)


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
