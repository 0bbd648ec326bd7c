import re
from pathlib import Path

from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if "msgid" in block]


class DutchTranslationTests:
    def test_every_string_is_translated_and_none_is_fuzzy(self):
        problems = []
        for block in entries(PO_FILE.read_text(encoding="utf-8")):
            msgid = re.search(r'^msgid "(.*)"', block, re.M)
            if not msgid or (msgid.group(1) == "" and 'msgid ""\nmsgstr ""\n"' in block):
                continue  # the header
            if "#, fuzzy" in block or re.search(r"#,.*\bfuzzy\b", block):
                problems.append(f"fuzzy: {msgid.group(1)}")
            for msgstr in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M):
                if not "".join(re.findall(r'"(.*)"', msgstr)):
                    problems.append(f"untranslated: {msgid.group(1)}")
        assert not problems, "\n".join(problems)

    def test_the_compiled_catalogue_is_current(self):
        mo_file = PO_FILE.with_suffix(".mo")
        assert mo_file.exists(), "run make messages (or make env) to compile the translations"
        assert mo_file.stat().st_mtime >= PO_FILE.stat().st_mtime
