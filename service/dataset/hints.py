"""What to say when a quote is not in its source: whether it differs only in Unicode
normalization, typographic quotes and dashes, or whitespace, and else the closest passage."""

import difflib
import re
import unicodedata

# Typographic marks an editor's keyboard or word processor swaps in, as the plain ones.
PLAIN = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ",
    }
)  # fmt: skip
SPACES = re.compile(r"\s+")
PASSAGE_SHOWN = 160


def quote_hint(quote: str, text: str) -> str:
    """One sentence saying how the quote differs from the source, or where it comes closest."""
    nfc = unicodedata.normalize("NFC", quote)
    if nfc != quote and nfc in unicodedata.normalize("NFC", text):
        form = "decomposed (NFD)" if unicodedata.is_normalized("NFD", quote) else "not NFC"
        return (
            f"it differs from the source only in Unicode normalization: the quote is {form}, "
            "the source composed (NFC); copy the words from the source text"
        )
    if quote.translate(PLAIN) in text.translate(PLAIN):
        return (
            "it differs from the source only in typographic quotes or dashes "
            "(\u201c \u201d \u2019 \u2013 against \" ' -): write them as the source does"
        )
    if SPACES.sub(" ", quote).strip() in SPACES.sub(" ", text):
        return (
            "it differs from the source only in whitespace (line breaks, double spaces): "
            "write it as the source does"
        )
    start, end = closest_passage(quote, text)
    passage = text[start:end]
    shown = passage if len(passage) <= PASSAGE_SHOWN else passage[:PASSAGE_SHOWN] + "..."
    return f"the closest passage of the source is at {start}-{end}: {shown!r}"


def closest_passage(quote: str, text: str) -> tuple[int, int]:
    """Where the text most resembles the quote: windows of the quote's length, a quarter of
    it apart, scored by difflib; then the best one moved a character at a time to its best."""
    size = max(1, len(quote))
    step = max(1, size // 4)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)

    def score(start: int, floor: float) -> float:
        matcher.set_seq1(text[start : start + size])
        if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
            return -1.0
        return matcher.ratio()

    best, best_score = 0, -1.0
    for start in range(0, max(1, len(text) - size + step), step):
        if (found := score(start, best_score)) > best_score:
            best, best_score = start, found
    for start in range(max(0, best - step), min(len(text), best + step) + 1):
        if (found := score(start, best_score)) > best_score:
            best, best_score = start, found
    return best, min(best + size, len(text))
