"""Fixtures for the checklist engine tests: the bundled text and its raw (mojibake) form."""

from __future__ import annotations

from pathlib import Path

import pytest

from amogui.base.resources import resource
from amogui.checklist import BUNDLED_NAME

REPO = Path(__file__).resolve().parents[2]
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


def shared_seed() -> Path | None:
    for root in (Path("/work/shared"), REPO.parent / "shared"):
        seed = root / "seeds" / SEED_NAME
        if seed.is_file():
            return seed
    return None


@pytest.fixture(scope="session")
def uk_text() -> str:
    return bundled_text()


@pytest.fixture(scope="session")
def raw_bytes(uk_text: str) -> bytes:
    """The checklist as users get it: UTF-8 once mis-decoded as Mac Roman."""
    return uk_text.encode("utf-8").decode("mac_roman").encode("utf-8")
