"""Text helpers for Vietnamese: folding diacritics so "uy quyen" finds "ủy quyền"."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lowercase, strip Vietnamese diacritics (đ → d) and collapse white space."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def mask_digits(value: str | None, keep: int = 4) -> str:
    """Mask all but the last `keep` characters: 001234567890 → ********7890."""
    if not value:
        return ""
    return "*" * max(len(value) - keep, 0) + value[-keep:]
