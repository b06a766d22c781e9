"""Every language we offer has a complete catalogue: no untranslated or fuzzy entries,
valid placeholders, and no string in the code that the catalogue is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def catalogue(lang: str) -> Path:
    return ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_is_complete_and_valid(lang):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue(lang))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple[str, str]]:
    """The messages the code holds now, extracted by makemessages in a scratch copy."""
    work = tmp_path_factory.mktemp("extract")
    for name in ("travel", "accounts", "templates", "manage.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, work / name)
    (work / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-obsolete", "-v", "0"],
        cwd=work,
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "STOPOVER_TESTING": "1"},
    )
    po = polib.pofile(str(work / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt or "", entry.msgid) for entry in po}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_string_in_the_code_is_missing_from_the_catalogue(lang, extracted):
    po = polib.pofile(str(catalogue(lang)))
    known = {(entry.msgctxt or "", entry.msgid) for entry in po if not entry.obsolete}
    missing = sorted(extracted - known)
    assert missing == [], (
        f"{len(missing)} strings to translate, e.g. {missing[:5]} (run makemessages)"
    )
