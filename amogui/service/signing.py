"""Who signs a report and with which key: ONE decision for the window and `amogui run`.

The key, in order: ``--signing-key FILE``, ``$AMOGUI_SIGNING_KEY``, the key file named in
the settings; with none of them, amogui's own key (`amogui.report.keys.amogui_key`: in the
OS keychain, or a private file where there is none; the same key at every export and run).
A passphrase-protected key file takes ``$AMOGUI_SIGNING_KEY_PASSPHRASE`` or asks the front
end (the window shows a password box; `amogui run` cannot ask, so `check_key_file` refuses
such a key before any check runs). A key that cannot be had in the window leaves the report
signed with a one-time key, and the note, the report and VERIFY.txt say why.

The tester, in order: ``--tester "Name <email>"``, ``$AMOGUI_TESTER``, the settings; the
e-mail is held to the plain form a signing identity needs (`amogui.settings.identity`).

`SigningChoice` is the seam for whoever widens identity and trust: the service builds one
per export and hands the loaded key to `amogui.report.export.export_bundle`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from amogui.base.i18n import Text, t
from amogui.run.state import Tester

if TYPE_CHECKING:
    from amogui.report.keys import PassphraseCallback, SignerChoice
    from amogui.settings.store import Settings

ENV_KEY = "AMOGUI_SIGNING_KEY"
ENV_PASSPHRASE = "AMOGUI_SIGNING_KEY_PASSPHRASE"  # noqa: S105 (a variable's name)
ENV_TESTER = "AMOGUI_TESTER"


class SigningError(ValueError):
    """A signing option that cannot be used, in one sentence (before any check runs)."""


@dataclass(frozen=True)
class SigningChoice:
    key_file: Path | None  # None: amogui's keychain key
    key_source: str  # "--signing-key", "AMOGUI_SIGNING_KEY", "settings" or "keychain"
    tester: Tester = field(default_factory=Tester)
    tester_source: str = ""  # "--tester", "AMOGUI_TESTER", "settings" or ""
    passphrase: str | None = field(default=None, repr=False)  # from the environment only


def parse_tester(text: str) -> Tester:
    """ "Name <email>" (or "<email>") -> Tester; raises `SigningError`."""
    from amogui.report.trust import inert
    from amogui.settings.identity import IdentityError, parse_identity

    try:
        found = parse_identity(text)
    except IdentityError as exc:
        raise SigningError(f'the tester must be written "Name <email>": {exc}') from exc
    if not found.email:
        raise SigningError(
            f'the tester must be written "Name <email>", not {inert(text.strip(), 80)!r}'
        )
    return Tester(name=found.name, email=found.email)


def choose_signing(
    *,
    key_arg: str | None = None,
    tester_arg: str | None = None,
    settings: Settings | None = None,
    env: Mapping[str, str] | None = None,
) -> SigningChoice:
    """The key and the tester of the next signature (no key is read here)."""
    env = os.environ if env is None else env
    key_file, key_source = _key_file(key_arg, settings, env)
    tester, tester_source = _tester(tester_arg, settings, env)
    passphrase = env.get(ENV_PASSPHRASE) or None
    if passphrase:
        from amogui.base.redact import REDACTOR

        REDACTOR.add_secret(passphrase)
    return SigningChoice(key_file, key_source, tester, tester_source, passphrase)


def _key_file(
    key_arg: str | None, settings: Settings | None, env: Mapping[str, str]
) -> tuple[Path | None, str]:
    if key_arg:
        return Path(key_arg).expanduser(), "--signing-key"
    if env.get(ENV_KEY, "").strip():
        return Path(env[ENV_KEY].strip()).expanduser(), ENV_KEY
    if settings is not None and not settings.uses_generated_key:
        return Path(settings.signing_key).expanduser(), "settings"
    return None, "keychain"


def _tester(
    tester_arg: str | None, settings: Settings | None, env: Mapping[str, str]
) -> tuple[Tester, str]:
    if tester_arg:
        return parse_tester(tester_arg), "--tester"
    if env.get(ENV_TESTER, "").strip():
        return parse_tester(env[ENV_TESTER]), ENV_TESTER
    if settings is not None and (settings.tester_name or settings.tester_email):
        tester = Tester(settings.tester_name, settings.tester_email, settings.tester_role)
        return tester, "settings"
    return Tester(), ""


def check_key_file(choice: SigningChoice) -> None:
    """Fail early (before any check runs) on a key file that cannot sign without asking:
    not there, not an OpenSSH Ed25519 key, or protected by a passphrase the environment
    does not give (or gives wrong). A run must not sign with another key than the one it
    was told to."""
    if choice.key_file is None:
        return
    if not choice.key_file.is_file():
        raise SigningError(f"the signing key {choice.key_file} ({choice.key_source}) is not a file")
    from amogui.report.keys import SigningKeyError, load_key_file

    given = choice.passphrase
    try:
        load_key_file(choice.key_file, (lambda _path: given) if given else None)
    except SigningKeyError as exc:
        hint = "" if given else f"; set {ENV_PASSPHRASE} for a protected key"
        raise SigningError(
            f"the signing key ({choice.key_source}) cannot be used: {exc}{hint}"
        ) from exc


def load_signer(
    choice: SigningChoice, ask: PassphraseCallback | None = None
) -> tuple[SignerChoice, Text | None]:
    """The key of `choice` (`amogui.report.keys.SignerChoice`, which the export takes); a
    one-time key and the reason when it cannot be had.

    Blocking (key file, keychain): call it off the GUI thread. `ask` is called only for a
    protected key file when the environment gives no passphrase."""
    from amogui.report.keys import (
        SignerChoice,
        SigningKeyError,
        amogui_key,
        load_key_file,
        one_off_key,
    )

    def passphrase(path: Path) -> str | bytes | None:
        if choice.passphrase:
            return choice.passphrase
        return ask(path) if ask is not None else None

    try:
        if choice.key_file is None:
            return SignerChoice(amogui_key(), choice.key_source), None
        return SignerChoice(load_key_file(choice.key_file, passphrase), choice.key_source), None
    except (SigningKeyError, OSError) as exc:
        # The key's error is a translatable Text; an OSError's is the system's words.
        why = exc.args[0] if isinstance(exc, SigningKeyError) and exc.args else str(exc)
        note = t("Signed with a one-time key, because: {why}", why=why)
        return SignerChoice(one_off_key(), choice.key_source, str(why)), note
