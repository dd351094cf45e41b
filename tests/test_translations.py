"""The Italian catalogue is complete and compiled: no UI string falls back to English."""

import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
_ENTRY = re.compile(
    r'\nmsgid "(?P<id>(?:[^"\\]|\\.)*)"\n(?:".*"\n)*'
    r'(?P<rest>(?:msgid_plural.*\n(?:".*"\n)*)?(?:msgstr(?:\[\d\])? .*\n(?:".*"\n)*)+)'
)


def _untranslated(po_text: str) -> list[str]:
    missing = []
    for match in _ENTRY.finditer(po_text):
        msgid = match.group("id")
        if msgid == "":
            continue  # the header
        strings = re.findall(r'msgstr(?:\[\d\])? "(.*)"\n((?:".*"\n)*)', match.group("rest"))
        if any(first == "" and not more for first, more in strings):
            missing.append(msgid)
    return missing


def test_italian_catalogue_has_no_untranslated_or_fuzzy_entry():
    po_text = (LOCALE / "it" / "LC_MESSAGES" / "django.po").read_text()
    assert _untranslated(po_text) == []
    assert "#, fuzzy" not in po_text


def test_checker_reports_an_untranslated_entry():
    sample = '\nmsgid "Board"\nmsgstr ""\n\nmsgid "Card"\nmsgstr "Scheda"\n'
    assert _untranslated(sample) == ["Board"]
