"""Markdown pages drawn from a transition table (core.workflow), so the diagrams cannot drift.

Each app's `workflow_diagram` command writes its page under docs/workflows/ with `render`, and a test
fails when the committed page no longer matches the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation

from neuguong.core.workflow import Computed, Transition


def _target_text(row: Transition) -> str:
    if isinstance(row.target, Computed):
        return f"{' or '.join(row.target.possible)} ({row.target.description})"
    return row.target or "(unchanged)"


def render(
    *,
    title: str,
    source: str,
    table: dict[str, Transition],
    states: Iterable,
    entries: Iterable[tuple[str, str]] = (),
    finals: Iterable[str] = (),
    state_notes: dict | None = None,
    footer: str = "",
) -> str:
    """A Mermaid state diagram and the table: action, from, to, roles (in English, like docs/)."""
    with translation.override("en"):
        return _render(title, source, table, states, entries, finals, state_notes or {}, footer)


def _render(title, source, table, states, entries, finals, state_notes, footer) -> str:
    lines = [
        f"# {title}",
        "",
        f"Generated from {source} by `neuguong workflow_diagram`; do not edit by hand. A test",
        "fails when this file no longer matches the table, and the workflow tests are generated from",
        "the same table.",
        "",
        "```mermaid",
        "stateDiagram-v2",
    ]
    lines += [f"    [*] --> {state}: {label}" for state, label in entries]
    for state in states:
        note = f" ({state_notes[state]})" if state in state_notes else ""
        lines.append(f"    {state.value}: {state.value}{note}")
    for action, row in table.items():
        for origin in sorted(row.sources):
            for target in row.possible_targets:
                lines.append(f"    {origin} --> {target or origin}: {action}")
    lines += [f"    {state} --> [*]" for state in finals]
    lines += ["```", "", "| action | from | to | roles |", "|---|---|---|---|"]
    for action, row in table.items():
        sources = ", ".join(sorted(row.sources))
        roles = ", ".join(sorted(row.roles))
        lines.append(f"| `{action}` | {sources} | {_target_text(row)} | {roles} |")
    lines.append("")
    if footer:
        lines += [footer, ""]
    return "\n".join(lines)
