"""A stand-in browser for CI and headless sandbox runs.

``amogui run --browser auto`` runs it inside amogui (no ``python``, no venv on PATH: it
works from any shell and from the frozen one-folder app); as a command it is
``python -m amogui.oauth.autobrowser [options] URL`` (kept for older scripts).

It does what a tester's browser does on the consent page:

1. GET the authorize URL (loopback addresses only, unless ``--allow-host`` names
   another host: this browser clicks Allow, so it must not wander onto a real account);
2. find the consent form's button by its role and its text, as a person would: a
   ``<button>`` (not ``type="button"``/``"reset"``) or a submit ``<input>`` whose text,
   value or label is Дозволити / Allow / Разрешить / Authorize ... (``--action deny``:
   Відмовити / Deny / Отклонить ...), or whose id says ``allow``/``deny``; then submit
   the form as a browser would (its fields, the button's name and value);
3. follow the redirects to the backend's callback;
4. find the deep link in the callback's answer with `find_deeplink` (a 302, a JS
   redirect, a meta refresh, a link or a button: a button is "clicked");
5. hand it over. Inside ``amogui run`` it goes straight to the run's inbox. As a command
   it goes over amogui's IPC to the amogui whose flow it answers
   (`amogui.desktop.channels.hand_over`): never on a command line, where any user could
   read the live code in ``/proc``. ``--open xdg-open`` (or
   ``AMOGUI_AUTOBROWSER_OPEN=xdg-open``) hands it to the OS instead, as a real browser
   does (for tests of the OS handler; the link then travels as the OS passes it).

TLS is checked against the system's trust store, which honours ``SSL_CERT_FILE`` and
``SSL_CERT_DIR``, or against ``--cacert FILE`` (a private CA). It fails fast: each request
ends within `TIMEOUT` seconds, and any failure is one sentence.

Exit (as a command): 0 the deep link was handed over, 1 the flow failed or nobody took
the link, 2 a refused target or a usage error.
"""

from __future__ import annotations

import argparse
import os
import shlex
import ssl
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import NoReturn
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from amogui.base.net import is_loopback_host
from amogui.base.redact import REDACTOR
from amogui.oauth.extract import Found, find_deeplink, matches_prefix

OPEN_ENV = "AMOGUI_AUTOBROWSER_OPEN"
ACTION_ENV = "AMOGUI_AUTOBROWSER_ACTION"
PREFIX_ENV = "AMOGUI_AUTOBROWSER_PREFIX"
BUILTIN = "auto"  # --browser auto: this module, in process
MAX_HOPS = 10
TIMEOUT = 10.0  # seconds per request: a sandbox answers in milliseconds
CONNECT_TIMEOUT = 5.0
MAX_PAGE = 2 * 1024 * 1024  # bytes of a page read; a consent page is a few kB

# What the button says, in the languages amoCRM and Kommo use (compared case- and
# accent-insensitively; the first word is enough: "Дозволити доступ").
WORDS = {
    "allow": {
        "allow",
        "дозволити",
        "разрешить",
        "authorize",
        "authorise",
        "авторизувати",
        "авторизовать",
        "підтвердити",
        "подтвердить",
        "confirm",
        "accept",
        "approve",
        "grant",
        "надати",
        "предоставить",
        "continue",
        "продовжити",
        "продолжить",
    },
    "deny": {
        "deny",
        "відмовити",
        "відхилити",
        "отклонить",
        "отказать",
        "reject",
        "decline",
        "cancel",
        "скасувати",
        "отмена",
        "отменить",
    },
}

Deliver = Callable[[str, str], None]  # (url, via)


# The exit code (`Outcome.code`) of a walk the stand-in browser refused before any request:
# a URL it must not visit (not loopback, not http(s)); 1 is a walk that went wrong.
REFUSED = 2


class AutobrowserError(Exception):
    """The flow could not be followed; the message is one sentence."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused  # a target it must not visit (exit 2)


@dataclass
class Button:
    id: str
    name: str | None
    value: str
    formaction: str | None = None
    formmethod: str | None = None
    text: str = ""  # what the button shows (its content, value or label)

    @classmethod
    def from_attrs(cls, a: dict[str, str]) -> Button:
        """A <button> or a submit <input>, from its attributes."""
        label = a.get("aria-label") or a.get("title") or ""
        return cls(
            a.get("id", ""),
            a.get("name"),
            a.get("value", ""),
            a.get("formaction"),
            a.get("formmethod"),
            label,
        )

    def says(self, action: str) -> bool:
        """Whether the button reads as `action` ("allow" or "deny") to a person."""
        words = WORDS[action]
        if _norm(self.id) == action or _norm(self.id).endswith(("-" + action, "_" + action)):
            return True
        for label in (self.text, self.value):
            norm = _norm(label)
            if norm and (norm in words or norm.split()[0] in words):
                return True
        return False


def _norm(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() or c in "-_" else " " for c in kept).split())


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)


class FormParser(HTMLParser):
    """The page's forms: their fields (as a browser would submit them) and buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: list[str] | None = None
        self._option_attrs: dict[str, str] = {}
        self._button: tuple[Button, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input":
            self._input(a)
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit":  # "button"/"reset" submit nothing
                button = Button.from_attrs(a)
                self._form.buttons.append(button)
                self._button = (button, [])
        elif tag == "select" and "name" in a:
            self._select = (a["name"], [])
        elif tag == "option" and self._select is not None:
            self._option, self._option_attrs = [], a

    def _input(self, a: dict[str, str]) -> None:
        assert self._form is not None
        kind = a.get("type", "text").lower()
        if kind in ("submit", "image"):
            button = Button.from_attrs(a)
            button.text = button.text or a.get("value", "") or a.get("alt", "")
            self._form.buttons.append(button)
        elif kind in ("checkbox", "radio"):
            if "checked" in a and "name" in a:
                self._form.fields.append((a["name"], a.get("value", "on")))
        elif kind not in ("button", "reset", "file") and "name" in a:
            self._form.fields.append((a["name"], a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option.append(data)
        if self._button is not None:
            self._button[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None and self._option is not None:
            value = self._option_attrs.get("value", "".join(self._option).strip())
            self._select[1].append((value, "selected" in self._option_attrs))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options = self._select
            chosen = next((v for v, sel in options if sel), options[0][0] if options else None)
            if chosen is not None:
                self._form.fields.append((name, chosen))
            self._select = None
        elif tag == "button" and self._button is not None:
            button, parts = self._button
            shown = " ".join("".join(parts).split())
            button.text = shown or button.text
            self._button = None
        elif tag == "form":
            self._form = None


def find_button(forms: list[Form], action: str) -> tuple[Form, Button] | None:
    """The form and button a person would press for `action`: its id, then its words."""
    for form in forms:
        for button in form.buttons:
            if button.id == action:
                return form, button
    for form in forms:
        for button in form.buttons:
            if button.says(action):
                return form, button
    return None


@dataclass(frozen=True)
class Options:
    action: str = "allow"
    prefix: str = "foryoure://"
    cacert: str | None = None
    allow_hosts: tuple[str, ...] = ()
    opener: str | None = None  # "xdg-open": hand the link to the OS instead of IPC


def tls_context(cacert: str | None = None) -> ssl.SSLContext:
    """The system's trust store (which honours SSL_CERT_FILE and SSL_CERT_DIR), or only
    `cacert` when given (a private CA)."""
    try:
        return ssl.create_default_context(cafile=cacert)
    except (OSError, ssl.SSLError) as exc:
        raise AutobrowserError(f"The CA file {cacert} cannot be used: {exc}.") from exc


@dataclass(frozen=True)
class Page:
    """One answer, read whole (at most `MAX_PAGE` bytes)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    text: str

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)


def _request(
    client: httpx.Client,
    method: str,
    url: str,
    options: Options,
    data: str | None = None,
) -> Page:
    _check_target(url, options)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if data is not None else {}
    try:
        with client.stream(method, url, content=data, headers=headers) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_PAGE:
                    raise AutobrowserError(
                        f"{REDACTOR.url(url)} answered more than {MAX_PAGE // 1024} kB."
                    )
            text = bytes(body).decode(response.encoding or "utf-8", errors="replace")
            return Page(
                str(response.url), response.status_code, list(response.headers.items()), text
            )
    except httpx.TimeoutException:
        raise AutobrowserError(
            f"{method} {REDACTOR.url(url)} did not answer within {TIMEOUT:g} s."
        ) from None
    except httpx.HTTPError as exc:
        raise AutobrowserError(f"{method} {REDACTOR.url(url)} failed: {_why(exc)}.") from None


def _why(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".")
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "its TLS certificate is not trusted (give the CA with --cacert or SSL_CERT_FILE)"
    return text or type(exc).__name__


def _check_target(url: str, options: Options) -> None:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise AutobrowserError(f"{REDACTOR.url(url)} is not a usable URL.", refused=True) from None
    if parts.scheme not in ("http", "https"):
        raise AutobrowserError(
            f"The autobrowser only follows http(s) URLs, not {REDACTOR.url(url)}.", refused=True
        )
    if not (is_loopback_host(host) or host in options.allow_hosts):
        raise AutobrowserError(
            f"The autobrowser only visits loopback addresses (or --allow-host), not "
            f"{REDACTOR.url(url)}.",
            refused=True,
        )


def submit(form: Form, button: Button, page_url: str) -> tuple[str, str, str | None]:
    """(method, url, body) of submitting `form` with `button`, as a browser would."""
    pairs = list(form.fields)
    if button.name:
        pairs.append((button.name, button.value))
    action = urljoin(page_url, button.formaction or form.action or page_url)
    method = (button.formmethod or form.method or "get").upper()
    encoded = urlencode(pairs)
    if method == "POST":
        return "POST", action, encoded
    parts = urlsplit(action)
    return "GET", urlunsplit(parts._replace(query=encoded, fragment="")), None


def follow(
    url: str, prefix: str = "foryoure://", action: str = "allow", *, options: Options | None = None
) -> Found:
    """Walk consent -> callback and return the deep link the callback leads to."""
    options = options or Options(action=action, prefix=prefix)
    timeout = httpx.Timeout(TIMEOUT, connect=CONNECT_TIMEOUT)
    verify = tls_context(options.cacert)
    with httpx.Client(
        follow_redirects=False, timeout=timeout, trust_env=False, verify=verify
    ) as client:
        page = _request(client, "GET", url, options)
        forms = FormParser()
        forms.feed(page.text)
        chosen = find_button(forms.forms, options.action)
        if chosen is None:
            found = find_deeplink(page.status, page.headers, page.text, options.prefix)
            if found is not None:  # consent given earlier: straight back to the app
                return found
            raise AutobrowserError(
                f"The page at {REDACTOR.url(url)} ({page.status}) has no "
                f"{options.action.capitalize()} button."
            )
        form, button = chosen
        method, target, body = submit(form, button, page.url)
        return _to_deeplink(client, _request(client, method, target, options, body), options)


def _to_deeplink(client: httpx.Client, page: Page, options: Options) -> Found:
    for _ in range(MAX_HOPS):
        found = find_deeplink(page.status, page.headers, page.text, options.prefix)
        if found is not None:
            return found
        location = page.header("location")
        if not (300 <= page.status < 400 and location):
            raise AutobrowserError(
                f"{REDACTOR.url(page.url)} answered {page.status} with no deep link."
            )
        page = _request(client, "GET", urljoin(page.url, location), options)
    raise AutobrowserError(f"More than {MAX_HOPS} redirects without a deep link.")


# -- handing the deep link over ---------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """How one walk ended: the exit code a command would give, and one sentence."""

    code: int
    sentence: str
    how: str | None = None  # how the callback led to the deep link (302, button, ...)


def run(url: str, options: Options, deliver: Deliver | None = None) -> Outcome:
    """Walk the consent page and hand the deep link over; never raises.

    With `deliver` (the run's inbox, in the same process) the link goes there; without,
    over IPC to the amogui whose flow it is, or to the OS with ``opener="xdg-open"``.
    """
    try:
        found = follow(url, options=options)
    except AutobrowserError as exc:
        return Outcome(REFUSED if exc.refused else 1, str(exc))
    if not matches_prefix(found.url, options.prefix):  # pragma: no cover - find_deeplink checked
        return Outcome(1, "The deep link found does not start with the profile's prefix.")
    REDACTOR.add_secret(_code_of(found.url))
    if deliver is not None:
        deliver(found.url, "autobrowser")
        return Outcome(0, f"deep link found ({found.how}); handed to the run", found.how)
    if (options.opener or os.environ.get(OPEN_ENV, "")) == "xdg-open":
        return _to_os(found)
    return _to_ipc(found)


def _to_ipc(found: Found) -> Outcome:
    from amogui.desktop.channels import hand_over

    handover = hand_over(found.url, "autobrowser")
    if handover.taken:
        return Outcome(0, f"deep link found ({found.how}); handed to amogui over IPC", found.how)
    return Outcome(1, f"deep link found ({found.how}), but {handover.sentence()}.", found.how)


def _to_os(found: Found) -> Outcome:
    command = hand_on_argv(found.url, "xdg-open")
    try:
        code = subprocess.run(command, timeout=60, check=False).returncode
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Outcome(1, f"{command[0]} failed: {exc}.", found.how)
    return Outcome(code, f"deep link found ({found.how}); handed to xdg-open", found.how)


def hand_on_argv(url: str, opener: str | None = None) -> list[str]:
    """The OS hand-over command (``xdg-open URL``): only for tests of the real handler."""
    del opener  # the OS's opener is the only command left; IPC needs none
    return ["xdg-open", url]


def _code_of(url: str) -> str | None:
    query = urlsplit(url).query
    return next((v for k, v in parse_qsl(query) if k == "code"), None)


# -- command line ------------------------------------------------------------------------------


class _BuiltinParser(argparse.ArgumentParser):
    """The options of ``--browser "auto ..."``: an error is a sentence, not an exit."""

    def error(self, message: str) -> NoReturn:
        raise AutobrowserError(f"The built-in browser's options are not understood: {message}.")


def _parser(prog: str, *, with_url: bool) -> argparse.ArgumentParser:
    kind = argparse.ArgumentParser if with_url else _BuiltinParser
    parser = kind(
        prog=prog,
        description=__doc__ if with_url else "The built-in stand-in browser.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=with_url,
    )
    if with_url:
        parser.add_argument("url", metavar="URL")
    parser.add_argument(
        "--action", choices=["allow", "deny"], default=os.environ.get(ACTION_ENV, "allow")
    )
    parser.add_argument("--prefix", default=os.environ.get(PREFIX_ENV, "foryoure://"))
    parser.add_argument("--cacert", metavar="FILE", help="trust this CA file (PEM) only")
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="visit this host too (loopback addresses always)",
    )
    parser.add_argument("--open", dest="opener", choices=["ipc", "xdg-open"], default=None)
    return parser


def _options(args: argparse.Namespace) -> Options:
    opener = None if args.opener in (None, "ipc") else args.opener
    hosts = tuple(h.strip().lower() for h in args.allow_host if h.strip())
    return Options(args.action, args.prefix, args.cacert, hosts, opener)


def is_builtin(command: str | None) -> bool:
    """Whether a ``--browser`` command names this built-in browser (``auto [options]``)."""
    if not command:
        return False
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    return bool(words) and words[0] == BUILTIN


def builtin_options(command: str, prefix: str | None = None) -> Options:
    """The options of ``auto --cacert FILE ...``; AutobrowserError (one sentence) if bad.
    `prefix` (the profile's deep link) applies unless the command names its own."""
    try:
        words = shlex.split(command)[1:]
    except ValueError as exc:
        raise AutobrowserError(f"The browser command cannot be split: {exc}.") from None
    args = _parser(BUILTIN, with_url=False).parse_args(words)
    if prefix is not None and not any(w.startswith("--prefix") for w in words):
        args.prefix = prefix
    return _options(args)


def main(argv: list[str] | None = None) -> int:
    args = _parser("python -m amogui.oauth.autobrowser", with_url=True).parse_args(argv)
    outcome = run(args.url, _options(args))
    print(f"autobrowser: {outcome.sentence}", file=sys.stderr)
    return outcome.code


if __name__ == "__main__":
    sys.exit(main())
