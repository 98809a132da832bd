"""Profiles and settings on disk (platformdirs config dir), never a secret.

``profiles.json`` holds every profile (the two built-ins, possibly edited, and the
user's own) and the last used one; ``settings.json`` holds the `Settings`. Both are
written atomically. A file that cannot be read is moved aside as
``<name>.bad-<timestamp>`` with a warning; a file with some unusable entries is
*copied* aside and the good entries kept, so nothing a user typed is silently lost.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import os
import re
import shutil
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from amogui.base import paths
from amogui.base.files import atomic_write
from amogui.base.i18n import N_, Text, join, t
from amogui.base.redact import REDACTOR
from amogui.settings.identity import email_problem, name_problem
from amogui.settings.language import LANGUAGE_PATTERN as _LANGUAGE
from amogui.settings.language import SETTINGS_FILE
from amogui.settings.profiles import (
    SANDBOX_PROFILE,
    Profile,
    builtin_profiles,
    default_params,
    default_paths,
)

log = logging.getLogger(__name__)

FILE_VERSION = 1
PROFILES_FILE = "profiles.json"
GENERATED_KEY = "generated"
MAX_NAME = 80
MODES = ("popup", "post_message")
STATE_FORMATS = ("random", "mobile")

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_HOST = re.compile(r"[A-Za-z0-9._~-]+")
_PARAM = re.compile(r"[^\s&=#?]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class SettingsError(ValueError):
    """A profile or setting was refused, or could not be saved; the message says why."""


# -- validation -----------------------------------------------------------------------------


def validate(profile: Profile) -> list[Text]:
    """Every problem of a profile as a sentence; an empty list means it is usable."""
    problems = _check_types(profile)
    if problems:
        return problems  # the checks below assume the right types
    problems += _check_name(profile.name)
    problems += _check_base_url(profile)
    problems += _check_url(t("Authorize URL"), profile.authorize_url)
    if not profile.client_id.strip() or re.search(r"\s", profile.client_id):
        problems.append(t("Client id must be non-empty and contain no spaces."))
    if profile.mode not in MODES:
        problems.append(
            t(
                "Mode must be {modes} (got {value}).",
                modes=_either(MODES),
                value=repr(profile.mode),
            )
        )
    if profile.state_format not in STATE_FORMATS:
        problems.append(t("State format must be {formats}.", formats=_either(STATE_FORMATS)))
    problems += _check_deeplink(profile)
    problems += _check_paths(profile.paths)
    problems += _check_params(profile.params)
    problems += _check_numbers(profile)
    return problems


def _either(values: tuple[str, str]) -> Text:
    return t("{first} or {second}", first=values[0], second=values[1])


def _check_types(profile: Profile) -> list[Text]:
    defaults = Profile(name="", base_url="")
    problems = []
    for f in fields(Profile):
        reason = _type_problem(getattr(profile, f.name), getattr(defaults, f.name))
        if reason:
            problems.append(t("Field {name} {reason}.", name=repr(f.name), reason=reason))
    return problems


def _type_problem(value: Any, default: Any) -> Text | None:
    """Why `value` cannot stand where `default` stands (same JSON type), or None."""
    if isinstance(default, bool):
        return None if isinstance(value, bool) else t("must be true or false")
    if isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else t("must be a whole number")
    if isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok and math.isfinite(value) else t("must be a number")
    if isinstance(default, str):
        return None if isinstance(value, str) else t("must be text")
    if isinstance(default, dict):
        ok = isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        )
        return None if ok else t("must map names to text")
    if isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else t("must be a list of text")
    return None


def _check_name(name: str) -> list[Text]:
    if not name.strip():
        return [t("A profile needs a name.")]
    if _CONTROL.search(name):
        return [t("A profile name cannot contain control characters or line breaks.")]
    if len(name) > MAX_NAME:
        return [t("A profile name can have at most {n} characters.", n=MAX_NAME)]
    if name != name.strip():
        return [t("A profile name cannot start or end with spaces.")]
    return []


def _check_base_url(profile: Profile) -> list[Text]:
    if not profile.base_url and profile.sandbox:
        return []  # filled in when the embedded sandbox starts
    return _check_url(t("Base URL"), profile.base_url, allow_query=False)


def _check_url(label: Text, url: str, *, allow_query: bool = True) -> list[Text]:
    if not url:
        return [t("{label} is empty; it must start with http:// or https://.", label=label)]
    if re.search(r"\s", url) or _CONTROL.search(url):
        return [t("{label} cannot contain spaces or line breaks.", label=label)]
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return [t("{label} {url} is not a valid URL.", label=label, url=repr(url))]
    if parts.scheme.lower() not in ("http", "https"):
        return [
            t(
                "{label} must start with http:// or https:// (got {url}).",
                label=label,
                url=repr(url),
            )
        ]
    if not parts.hostname:
        return [t("{label} {url} has no host name.", label=label, url=repr(url))]
    if parts.username is not None or parts.password is not None:
        # A password in a URL would be a secret in the profiles file.
        return [
            t(
                "{label} must not contain a user name or password; log in in the app instead.",
                label=label,
            )
        ]
    if not allow_query and (parts.query or parts.fragment):
        return [t("{label} must not have a query (?...) or fragment (#...).", label=label)]
    return []


def _check_deeplink(profile: Profile) -> list[Text]:
    problems = []
    if not _SCHEME.fullmatch(profile.deeplink_scheme):
        problems.append(
            t(
                "Deep link scheme must start with a letter and contain only letters, digits, "
                "'+', '-' and '.' (got {value}).",
                value=repr(profile.deeplink_scheme),
            )
        )
    if not _HOST.fullmatch(profile.deeplink_host):
        problems.append(
            t(
                "Deep link host must be a non-empty name of letters, digits, '.', '-' or '_' "
                "(got {value}).",
                value=repr(profile.deeplink_host),
            )
        )
    if not profile.deeplink_path.startswith("/") or re.search(r"[\s?#]", profile.deeplink_path):
        problems.append(
            t(
                "Deep link path must start with '/' and contain no spaces, '?' or '#' "
                "(got {value}).",
                value=repr(profile.deeplink_path),
            )
        )
    return problems


def _check_paths(endpoint_paths: dict[str, str]) -> list[Text]:
    problems = []
    for key in default_paths():
        value = endpoint_paths.get(key, "")
        if not value.startswith("/"):
            problems.append(
                t("The {key} path must start with '/' (got {value}).", key=key, value=repr(value))
            )
        elif re.search(r"[\s?#]", value):
            problems.append(t("The {key} path cannot contain spaces, '?' or '#'.", key=key))
    return problems


def _check_params(params: dict[str, str]) -> list[Text]:
    problems = []
    for key in default_params():
        value = params.get(key, "")
        if not _PARAM.fullmatch(value):
            problems.append(
                t(
                    "The {key} parameter name must be non-empty, without spaces, '&', '=', "
                    "'?' or '#' (got {value}).",
                    key=key,
                    value=repr(value),
                )
            )
    return problems


def _check_numbers(profile: Profile) -> list[Text]:
    problems = []
    positive = {
        N_("Page size"): profile.page_limit,
        N_("Concurrency"): profile.concurrency,
        N_("Timeout"): profile.timeout,
        N_("Connect timeout"): profile.connect_timeout,
        N_("Idle timeout"): profile.idle_timeout,
        N_("Check timeout"): profile.check_timeout,
    }
    for label, value in positive.items():
        if value <= 0:
            problems.append(
                t(
                    "{label} must be a positive number (got {value}).",
                    label=Text(label),
                    value=value,
                )
            )
    if profile.rate_limit < 0:
        problems.append(
            t(
                "Rate limit must be 0 (unlimited) or a positive number (got {value}).",
                value=profile.rate_limit,
            )
        )
    if profile.sandbox_delay < 0:
        problems.append(
            t("Sandbox delay must be 0 or more (got {value}).", value=profile.sandbox_delay)
        )
    if profile.sandbox_leads < 0:
        problems.append(
            t("Sandbox leads must be 0 or more (got {value}).", value=profile.sandbox_leads)
        )
    return problems


# -- settings -------------------------------------------------------------------------------


def _default_user_emails() -> dict[str, str]:
    return {"A": "", "B": ""}


@dataclass
class Settings:
    language: str = ""  # "" follows the system
    tester_name: str = ""
    tester_email: str = ""
    tester_role: str = ""
    signing_key: str = GENERATED_KEY  # an OpenSSH private key file, or "generated" (amogui's)
    user_emails: dict[str, str] = field(default_factory=_default_user_emails)  # A, B logins

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> tuple[Settings, list[str]]:
        """Settings from JSON data, keeping every usable field; also the dropped ones."""
        settings = cls()
        problems = []
        for f in fields(cls):
            if f.name not in data:
                continue
            reason = _type_problem(data[f.name], getattr(settings, f.name))
            if reason:
                problems.append(f"setting {f.name!r} {reason}")
            else:
                setattr(settings, f.name, data[f.name])
        settings.user_emails = {**_default_user_emails(), **settings.user_emails}
        return settings, problems

    @property
    def uses_generated_key(self) -> bool:
        return self.signing_key == GENERATED_KEY


def validate_settings(settings: Settings) -> list[Text]:
    problems: list[Text] = []
    if settings.language and not _LANGUAGE.fullmatch(settings.language):
        problems.append(
            t('UI language must be a code like "uk" or "en", or empty for the system language.')
        )
    name = name_problem(settings.tester_name)
    if name:
        problems.append(name)
    if _CONTROL.search(settings.tester_role):
        problems.append(t("Role cannot contain control characters or line breaks."))
    if settings.tester_email:
        # The e-mail is the identity reports are signed as: a plain address only.
        wrong = email_problem(settings.tester_email)
        if wrong:
            problems.append(t("Tester e-mail: {problem}", problem=wrong))
    for user, address in settings.user_emails.items():
        if user not in ("A", "B"):
            problems.append(t("There is no user {user}; the users are A and B.", user=repr(user)))
        elif address and not _EMAIL.fullmatch(address):
            problems.append(
                t(
                    "The email of user {user} ({email}) is not an email address.",
                    user=user,
                    email=repr(address),
                )
            )
    if not settings.signing_key.strip() or _CONTROL.search(settings.signing_key):
        problems.append(
            t(
                'Signing key must be "{generated}" or the path of a key file.',
                generated=GENERATED_KEY,
            )
        )
    return problems


# -- files ----------------------------------------------------------------------------------


def _set_aside(path: Path, *, copy: bool) -> Path | None:
    """Keep a damaged file next to the original as ``<name>.bad-<timestamp>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bad-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.bad-{stamp}-{counter}")
        counter += 1
    try:
        if copy:
            shutil.copy2(path, target)
        else:
            os.replace(path, target)
    except OSError as exc:
        log.warning("could not keep a copy of the damaged %s: %s", path, exc)
        return None
    return target


def _read_json(path: Path, warnings: list[Text]) -> dict[str, Any] | None:
    """The file's JSON object; None when absent or damaged (then moved aside, warned)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = t("it cannot be read ({error})", error=str(exc))
    else:
        try:
            data = json.loads(text)
        except ValueError as exc:
            reason = t("it is not valid JSON ({error})", error=str(exc))
        else:
            if isinstance(data, dict):
                return data
            reason = t("it does not hold a JSON object")
    _warn_damaged(path, reason, warnings, copy=False)
    return None


def _read_json_quietly(path: Path) -> dict[str, Any] | None:
    """The file's JSON object, or None; a damaged file is left for `_read_json` to report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _warn_damaged(path: Path, reason: Text, warnings: list[Text], *, copy: bool) -> None:
    """Say that a file is damaged and what was done about it (in the window's language)."""
    kept = _set_aside(path, copy=copy)
    if kept and copy:
        done = t("A copy was kept as {name}.", name=kept.name)
    elif kept:
        done = t("It was kept as {name}; defaults are used instead.", name=kept.name)
    else:
        done = t("Defaults are used instead.") if not copy else t("No copy could be kept.")
    message = t("{file} is damaged: {reason}. {done}", file=path.name, reason=reason, done=done)
    warnings.append(message)
    log.warning("%s", message)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    # Belt and braces: a registered secret pasted into any field never reaches the disk.
    clean = REDACTOR.json(data)
    if clean != data:
        log.warning("a value that looks like a secret was redacted in %s", path.name)
    body = json.dumps(clean, ensure_ascii=False, indent=2) + "\n"
    try:
        atomic_write(path, body.encode("utf-8"))
    except OSError as exc:
        raise SettingsError(
            t("Could not save {path}: {error}.", path=str(path), error=exc.strerror or str(exc))
        ) from exc


class SettingsStore:
    """`Settings` in ``config_dir()/settings.json``.

    Several parts of the window hold a store (the language menu, the tester page); a
    save writes only the fields changed since this store read the file, over what the
    file holds now, so one part never undoes what another saved meanwhile.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / SETTINGS_FILE
        self.warnings: list[Text] = []
        self.settings = self._load()
        self._read = copy.deepcopy(self.settings)

    def _load(self) -> Settings:
        data = _read_json(self.path, self.warnings)
        if data is None:
            return Settings()
        settings, problems = Settings.from_dict(data)
        if problems:
            reason = t("unusable values were left out: {problems}", problems="; ".join(problems))
            _warn_damaged(self.path, reason, self.warnings, copy=True)
        return settings

    def save(self, settings: Settings | None = None) -> None:
        """Validate and write; raises `SettingsError` with every problem."""
        settings = settings or self.settings
        problems = validate_settings(settings)
        if problems:
            raise SettingsError(join(" ", problems))
        merged = self._over_the_file(settings)
        _write_json(self.path, {"version": FILE_VERSION, **merged.to_dict()})
        self.settings = merged
        self._read = copy.deepcopy(merged)

    def _over_the_file(self, settings: Settings) -> Settings:
        """The file's current settings with the fields this store changed applied."""
        data = _read_json_quietly(self.path)
        if data is None:
            return settings
        current, _ = Settings.from_dict(data)
        for f in fields(Settings):
            mine = getattr(settings, f.name)
            if mine != getattr(self._read, f.name):
                setattr(current, f.name, copy.deepcopy(mine))
        return current if not validate_settings(current) else settings


# -- profiles -------------------------------------------------------------------------------


def _builtin(name: str) -> Profile | None:
    return next((p for p in builtin_profiles() if p.name == name), None)


def _copy(profile: Profile) -> Profile:
    return Profile.from_dict(json.loads(json.dumps(profile.to_dict())))


class ProfileStore:
    """The built-in and user-made profiles and the last used one, in ``profiles.json``.

    Every change is saved at once. Getters hand out copies: edit one, then `update`.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / PROFILES_FILE
        self.warnings: list[Text] = []
        self._profiles: list[Profile] = []
        self._last_used = SANDBOX_PROFILE
        self._load()

    # -- reading ----------------------------------------------------------------------------
    def names(self) -> list[str]:
        return [p.name for p in self._profiles]

    def profiles(self) -> list[Profile]:
        return [_copy(p) for p in self._profiles]

    def get(self, name: str) -> Profile:
        return _copy(self._find(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._index(name) is not None

    @staticmethod
    def is_builtin(name: str) -> bool:
        return _builtin(name) is not None

    @property
    def last_used(self) -> str:
        return self._last_used

    def current(self) -> Profile:
        """The last used profile (the sandbox on a first launch)."""
        return self.get(self._last_used)

    # -- changes ----------------------------------------------------------------------------
    def set_last_used(self, name: str) -> None:
        self._last_used = self._find(name).name
        self.save()

    def create(self, name: str, base_url: str = "") -> Profile:
        """A new user profile with the production defaults and this base URL."""
        return self.add(Profile(name=name, base_url=base_url))

    def add(self, profile: Profile) -> Profile:
        profile = self._checked(profile)
        self._refuse_taken(profile.name)
        self._profiles.append(profile)
        self.save()
        return self.get(profile.name)

    def update(self, profile: Profile) -> None:
        """Replace the stored profile of the same name (built-ins may be edited too)."""
        index = self._require(profile.name)
        profile = self._checked(profile)
        profile.name = self._profiles[index].name  # keep the stored spelling
        self._profiles[index] = profile
        self.save()

    def rename(self, old: str, new: str) -> Profile:
        index = self._require(old)
        if self.is_builtin(self._profiles[index].name):
            raise SettingsError(
                t('The built-in profile "{name}" cannot be renamed; duplicate it.', name=old)
            )
        problems = _check_name(new)
        if problems:
            raise SettingsError(problems[0])
        self._refuse_taken(new, ignore=index)
        was_last = self._last_used == self._profiles[index].name
        self._profiles[index].name = new
        if was_last:
            self._last_used = new
        self.save()
        return self.get(new)

    def duplicate(self, name: str, new_name: str | None = None) -> Profile:
        source = self._find(name)
        copy = _copy(source)
        copy.name = new_name if new_name is not None else self._copy_name(source.name)
        return self.add(copy)

    def delete(self, name: str) -> None:
        index = self._require(name)
        if self.is_builtin(self._profiles[index].name):
            raise SettingsError(t('The built-in profile "{name}" cannot be deleted.', name=name))
        removed = self._profiles.pop(index)
        if self._last_used == removed.name:
            self._last_used = SANDBOX_PROFILE
        self.save()

    def reset(self, name: str) -> Profile:
        """Restore a built-in profile's fields to their defaults."""
        index = self._require(name)
        default = _builtin(self._profiles[index].name)
        if default is None:
            raise SettingsError(
                t('"{name}" is not a built-in profile; it has no defaults.', name=name)
            )
        self._profiles[index] = default
        self.save()
        return self.get(default.name)

    def save(self) -> None:
        data = {
            "version": FILE_VERSION,
            "last_used": self._last_used,
            "profiles": [p.to_dict() for p in self._profiles],
        }
        _write_json(self.path, data)

    # -- helpers ----------------------------------------------------------------------------
    def _index(self, name: str) -> int | None:
        key = name.strip().casefold()
        return next((i for i, p in enumerate(self._profiles) if p.name.casefold() == key), None)

    def _require(self, name: str) -> int:
        index = self._index(name)
        if index is None:
            raise SettingsError(t('There is no profile named "{name}".', name=name))
        return index

    def _find(self, name: str) -> Profile:
        return self._profiles[self._require(name)]

    def _refuse_taken(self, name: str, ignore: int | None = None) -> None:
        index = self._index(name)
        if index is not None and index != ignore:
            taken = self._profiles[index].name
            raise SettingsError(t('A profile named "{name}" already exists.', name=taken))

    @staticmethod
    def _checked(profile: Profile) -> Profile:
        """A valid copy of `profile`, paths and params left out filled in, or an error."""
        problems = _check_types(profile)
        if not problems:
            profile = _copy(profile)
            problems = validate(profile)
        if problems:
            raise SettingsError(join(" ", problems))
        return profile

    def _copy_name(self, name: str) -> str:
        candidate = f"{name} (copy)"
        counter = 2
        while candidate in self:
            candidate = f"{name} (copy {counter})"
            counter += 1
        return candidate

    def _load(self) -> None:
        data = _read_json(self.path, self.warnings)
        problems: list[str] = []
        loaded = self._parse(data, problems) if data is not None else []
        self._merge_builtins(loaded)
        if data is not None:
            last = data.get("last_used")
            if isinstance(last, str) and last in self:
                self._last_used = self._find(last).name
        if problems:
            reason = t("unusable entries were left out: {problems}", problems="; ".join(problems))
            _warn_damaged(self.path, reason, self.warnings, copy=True)

    @staticmethod
    def _parse(data: dict[str, Any], problems: list[str]) -> list[Profile]:
        entries = data.get("profiles", [])
        if not isinstance(entries, list):
            problems.append("'profiles' is not a list")
            return []
        loaded: list[Profile] = []
        seen: set[str] = set()
        for number, entry in enumerate(entries, 1):
            profile = _parse_entry(entry, number, problems)
            if profile is None:
                continue
            if profile.name.casefold() in seen:
                problems.append(f'profile {number} repeats the name "{profile.name}"')
                continue
            seen.add(profile.name.casefold())
            loaded.append(profile)
        return loaded

    def _merge_builtins(self, loaded: list[Profile]) -> None:
        """Built-ins first (as edited, else default), then the user's, in stored order."""
        by_name = {p.name.casefold(): p for p in loaded}
        builtins = []
        for default in builtin_profiles():
            stored = by_name.pop(default.name.casefold(), None)
            if stored is not None:
                stored.name = default.name  # the built-in's own spelling
            builtins.append(stored or default)
        self._profiles = builtins + list(by_name.values())


def _parse_entry(entry: Any, number: int, problems: list[str]) -> Profile | None:
    if not isinstance(entry, dict):
        problems.append(f"profile {number} is not an object")
        return None
    name = entry.get("name")
    if not isinstance(name, str) or _check_name(name):
        problems.append(f"profile {number} has no usable name")
        return None
    defaults = Profile(name="", base_url="")
    for f in fields(Profile):
        if f.name in entry:
            reason = _type_problem(entry[f.name], getattr(defaults, f.name))
            if reason:
                problems.append(f'profile "{name}": {f.name!r} {reason}')
                return None
    if "base_url" not in entry:
        problems.append(f'profile "{name}" has no base URL')
        return None
    return Profile.from_dict(entry)
