"""Every literal marked for translation has a Vietnamese translation in some catalogue.

A cheap guard beside `makemessages`: it reads the compiled catalogues (conftest compiles them) and the
single-line literals in templates ({% translate "…" %}) and Python (_("…"), gettext_lazy("…")).
"""

import ast
import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "neuguong"
TEMPLATE_LITERAL = re.compile(r"""\{%\s*(?:translate|trans)\s+"([^"]+)"(?:\s+[^%]*)?%\}""")
PY_CALLS = {"_", "gettext", "gettext_lazy", "pgettext_lazy"}


def _catalogue() -> dict[str, str]:
    merged: dict[str, str] = {}
    for mo in ROOT.glob("**/locale/vi/LC_MESSAGES/django.mo"):
        with mo.open("rb") as fh:
            merged.update(gettext.GNUTranslations(fh)._catalog)
    return merged


def _template_literals():
    for path in ROOT.glob("**/templates/**/*.html"):
        for match in TEMPLATE_LITERAL.finditer(path.read_text()):
            yield path, match.group(1)


def _python_literals():
    for path in ROOT.glob("**/*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in PY_CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield path, node.args[0].value


def test_every_marked_string_is_translated():
    catalogue = _catalogue()
    assert catalogue, "no compiled catalogue: the root conftest compiles them before Django starts"
    missing = sorted(
        {
            f"{path.relative_to(ROOT)}: {text!r}"
            for path, text in [*_template_literals(), *_python_literals()]
            if not catalogue.get(text)
        }
    )
    assert missing == []
