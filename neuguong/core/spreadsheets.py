"""Safe Excel output: a cell whose text starts with "=" (or + - @) must stay text, not become a formula.

openpyxl stores any string starting with "=" as a formula, so an applicant named '=HYPERLINK(...)' would
turn into a live formula in the register staff open (CSV/formula injection, OWASP).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append_as_text(sheet, row) -> None:
    """Append `row` to an openpyxl sheet, forcing text cells for strings that look like formulas."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
