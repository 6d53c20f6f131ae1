"""The procedure typeahead's ranking: what the desk and the citizen see first when they type.

Typing "khai sinh" must offer the plain birth registration (8 working hours) before the
interconnected birth + residence + health-insurance procedure (40 hours), and nothing is chosen until
the user picks a line (issue 8). The order, best first:

1. the national code typed exactly ("1.001193");
2. the name typed exactly (without diacritics or case: "dang ky khai sinh");
3. the name starting with what was typed;
4. the words typed appearing together, in that order, in the name;
5. every other match (each word somewhere in the name, code or field);

and within each rank the shorter name first (the plain procedure before its variants: "có yếu tố
nước ngoài", "liên thông …"), then by name.
"""

from __future__ import annotations

import re

from neuguong.core.text import fold
from neuguong.onestop.models import Procedure

# How many matches are ranked in Python (the typeahead shows the first few): a short query such as
# "dang" matches hundreds of procedures, ordered by name in the database.
CANDIDATES = 300


def _words(text: str) -> str:
    return " ".join(fold(text).replace(",", " ").replace(":", " ").split())


def rank(procedure: Procedure, query: str) -> tuple:
    """The sort key of `procedure` for `query` (lower is better)."""
    q = _words(query)
    name = _words(procedure.name)
    if fold(query.strip()) == fold(procedure.code):
        tier = 0
    elif name == q:
        tier = 1
    elif name.startswith(q):
        tier = 2
    elif f" {q} " in f" {name} ":
        tier = 3
    else:
        tier = 4
    return (tier, len(name), name, procedure.code)


def procedure_matches(query: str, limit: int = 8) -> list[Procedure]:
    """The active procedures matching `query`, best first (see the module docstring)."""
    from neuguong.onestop import selectors

    query = (query or "").strip()
    if not query:
        return []
    found = {p.pk: p for p in selectors.procedure_list(query)[:CANDIDATES]}
    codes = {p.code for p in found.values()}
    if re.fullmatch(r"[0-9.]+", query) and query not in codes:  # a code beyond the candidates
        for p in Procedure.objects.filter(is_active=True, code=query).prefetch_related("steps"):
            found.setdefault(p.pk, p)
    return sorted(found.values(), key=lambda p: rank(p, query))[:limit]
