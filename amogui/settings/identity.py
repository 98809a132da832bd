"""Who ran the checks: the tester's name and e-mail, as a report names them.

One form everywhere: ``Name <email>`` (``--tester``, ``AMOGUI_TESTER``), or the settings'
two fields. The e-mail is also the principal a report is signed as (the ``allowed_signers``
identity others trust), so it is held to a plain charset: no spaces, quotes, commas,
wildcards or control characters, nothing a terminal or an ``allowed_signers`` line could
read as something else.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from amogui.base.i18n import Text, t

if TYPE_CHECKING:
    from amogui.settings.store import Settings

ENV_TESTER = "AMOGUI_TESTER"
MAX_NAME = 80
MAX_EMAIL = 254

# local@domain.tld with the characters e-mail addresses use in practice.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}")
# Control characters (C0, DEL, C1) and the bidirectional overrides that reorder text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORM = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>]*)>$")


class IdentityError(ValueError):
    """A tester identity that cannot be used; the message says why in one sentence."""


@dataclass(frozen=True)
class Identity:
    name: str = ""
    email: str = ""

    def __bool__(self) -> bool:
        return bool(self.name or self.email)

    def __str__(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


def email_problem(email: str) -> Text | None:
    """Why `email` cannot be a tester's address (and signing principal), or None."""
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
        return t(
            "{email} is not an e-mail address of the form name@example.com.", email=repr(email)
        )
    return None


def name_problem(name: str) -> Text | None:
    if _CONTROL.search(name):
        return t("A tester name cannot contain control characters or line breaks.")
    if "<" in name or ">" in name:
        return t("A tester name cannot contain angle brackets.")
    if len(name) > MAX_NAME:
        return t("A tester name can have at most {n} characters.", n=MAX_NAME)
    return None


def identity(name: str, email: str) -> Identity:
    """A checked Identity; IdentityError names the first problem."""
    name, email = name.strip(), email.strip()
    problem = name_problem(name) or (email_problem(email) if email else None)
    if problem:
        raise IdentityError(problem)
    return Identity(name, email)


def parse_identity(text: str) -> Identity:
    """``"Anna Koval <anna@foryou.example>"``, ``"anna@foryou.example"`` or ``"Anna"``."""
    if _CONTROL.search(text):
        raise IdentityError("A tester cannot contain control characters or line breaks.")
    text = text.strip()
    if not text:
        raise IdentityError('A tester is given as "Name <email>"; this one is empty.')
    match = _FORM.match(text)
    if match:
        if not match.group("email").strip():
            raise IdentityError('A tester is given as "Name <email>"; the e-mail is empty.')
        return identity(match.group("name"), match.group("email"))
    if "@" in text and " " not in text:
        return identity("", text)
    return identity(text, "")


def choose_tester(
    explicit: str | None = None,
    *,
    settings: Settings | None = None,
    env: Mapping[str, str] | None = None,
) -> Identity:
    """The tester: ``explicit`` (``--tester``), else ``AMOGUI_TESTER``, else the settings.

    IdentityError when the explicit or environment value is malformed; settings were
    checked when they were saved (a hand-edited file's bad value is left out)."""
    env = os.environ if env is None else env
    if explicit:
        return parse_identity(explicit)
    if env.get(ENV_TESTER, "").strip():
        try:
            return parse_identity(env[ENV_TESTER])
        except IdentityError as exc:
            raise IdentityError(f"{ENV_TESTER}: {exc}") from exc
    if settings is None:
        from amogui.settings.store import SettingsStore

        settings = SettingsStore().settings
    try:
        return identity(settings.tester_name, settings.tester_email)
    except IdentityError:
        name = settings.tester_name.strip()
        return Identity(name if name_problem(name) is None else "", "")
