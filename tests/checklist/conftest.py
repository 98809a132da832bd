"""Fixtures for the checklist engine tests: the bundled text and its raw (mojibake) form."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from amogui.base.resources import resource
from amogui.checklist import BUNDLED_NAME

SEED_NAME = "amo-crm-testing-checklist.raw.md"


def bundled_text() -> str:
    return resource("checklists", BUNDLED_NAME).read_bytes().decode("utf-8")


def mojibake(text: str, codec: str) -> str:
    """What a tool that read UTF-8 as ``codec`` shows (undefined bytes kept as latin-1)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


# A folder with the checklist as it was first exported (the raw, mojibake file and its
# repaired copy), to compare the generated raw form with the real one. The repository
# ships only the repaired text; the tests that need the export skip without it.
SEED_DIR_VARIABLE = "AMOGUI_SEED_DIR"
SKIP_NO_SEED = f"{SEED_DIR_VARIABLE} names no folder holding {SEED_NAME}"


def exported_seed() -> Path | None:
    """The raw exported checklist, when the environment names a folder that holds it."""
    folder = os.environ.get(SEED_DIR_VARIABLE, "")
    seed = Path(folder) / SEED_NAME
    return seed if folder and seed.is_file() else None


@pytest.fixture(scope="session")
def uk_text() -> str:
    return bundled_text()


@pytest.fixture(scope="session")
def raw_bytes(uk_text: str) -> bytes:
    """The checklist as users get it: UTF-8 once mis-decoded as Mac Roman."""
    return uk_text.encode("utf-8").decode("mac_roman").encode("utf-8")
