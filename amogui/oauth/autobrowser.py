"""A browser for tests and headless sandbox runs: ``python -m amogui.oauth.autobrowser URL``.

It does what a tester's browser does on the consent page, for loopback targets only:

1. GET the authorize URL;
2. submit the consent form with the Allow button (``id="allow"``; ``--action deny`` or
   ``AMOGUI_AUTOBROWSER_ACTION=deny`` clicks Deny), the form read with `html.parser`;
3. follow the redirects to the backend callback;
4. find the deep link in the callback's answer with `find_deeplink` (a 302, a JS
   redirect, a meta refresh, a link or a button: a button is "clicked");
5. hand it on the way the OS would: ``amogui open-url -- URL``, or ``xdg-open URL`` when
   ``AMOGUI_AUTOBROWSER_OPEN=xdg-open`` (the real OS handler path).

Use it as ``--browser "python -m amogui.oauth.autobrowser"`` or ``BROWSER=...``. Exit 0
when the deep link was handed on (the hand-on command's exit code otherwise), 1 when no
deep link was found, 2 for a refused target.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from amogui.base.net import is_loopback_url
from amogui.base.redact import REDACTOR
from amogui.oauth.extract import Found, find_deeplink, matches_prefix

OPEN_ENV = "AMOGUI_AUTOBROWSER_OPEN"
ACTION_ENV = "AMOGUI_AUTOBROWSER_ACTION"
PREFIX_ENV = "AMOGUI_AUTOBROWSER_PREFIX"
MAX_HOPS = 10
TIMEOUT = 20.0


class AutobrowserError(Exception):
    """The flow could not be followed; the message is one sentence."""


@dataclass
class Button:
    id: str
    name: str | None
    value: str
    formaction: str | None = None
    formmethod: str | None = None

    @classmethod
    def from_attrs(cls, a: dict[str, str]) -> Button:
        """A <button> or a submit <input>, from its attributes."""
        return cls(
            a.get("id", ""),
            a.get("name"),
            a.get("value", ""),
            a.get("formaction"),
            a.get("formmethod"),
        )


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
            self._form.buttons.append(Button.from_attrs(a))
        elif tag == "select" and "name" in a:
            self._select = (a["name"], [])
        elif tag == "option" and self._select is not None:
            self._option, self._option_attrs = [], a

    def _input(self, a: dict[str, str]) -> None:
        assert self._form is not None
        kind = a.get("type", "text").lower()
        if kind in ("submit", "image"):
            self._form.buttons.append(Button.from_attrs(a))
        elif kind in ("checkbox", "radio"):
            if "checked" in a and "name" in a:
                self._form.fields.append((a["name"], a.get("value", "on")))
        elif kind not in ("button", "reset", "file") and "name" in a:
            self._form.fields.append((a["name"], a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option.append(data)

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
        elif tag == "form":
            self._form = None


def _request(
    client: httpx.Client, method: str, url: str, data: str | None = None
) -> httpx.Response:
    if not is_loopback_url(url):
        raise AutobrowserError(
            f"The autobrowser only visits loopback addresses, not {REDACTOR.url(url)}."
        )
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if data is not None else {}
    try:
        return client.request(method, url, content=data, headers=headers)
    except httpx.HTTPError as exc:
        raise AutobrowserError(f"{method} {REDACTOR.url(url)} failed: {exc}.") from exc


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


def follow(url: str, prefix: str, action: str = "allow") -> Found:
    """Walk consent -> callback and return the deep link the callback leads to."""
    with httpx.Client(follow_redirects=False, timeout=TIMEOUT, trust_env=False) as client:
        response = _request(client, "GET", url)
        forms = FormParser()
        forms.feed(response.text)
        for form in forms.forms:
            button = next((b for b in form.buttons if b.id == action), None)
            if button is not None:
                method, target, body = submit(form, button, str(response.url))
                response = _request(client, method, target, body)
                break
        else:
            raise AutobrowserError(
                f"The page at {REDACTOR.url(url)} has no button with id {action!r}."
            )
        return _to_deeplink(client, response, prefix)


def _to_deeplink(client: httpx.Client, response: httpx.Response, prefix: str) -> Found:
    for _ in range(MAX_HOPS):
        headers = list(response.headers.items())
        found = find_deeplink(response.status_code, headers, response.text, prefix)
        if found is not None:
            return found
        location = response.headers.get("location")
        if not (300 <= response.status_code < 400 and location):
            where = REDACTOR.url(str(response.url))
            raise AutobrowserError(f"{where} answered {response.status_code} with no deep link.")
        response = _request(client, "GET", urljoin(str(response.url), location))
    raise AutobrowserError(f"More than {MAX_HOPS} redirects without a deep link.")


def hand_on_argv(url: str, opener: str | None = None) -> list[str]:
    if (opener or os.environ.get(OPEN_ENV, "")) == "xdg-open":
        return ["xdg-open", url]
    return [sys.executable, "-m", "amogui", "open-url", "--", url]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m amogui.oauth.autobrowser",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("url", metavar="URL")
    parser.add_argument(
        "--action", choices=["allow", "deny"], default=os.environ.get(ACTION_ENV, "allow")
    )
    parser.add_argument("--prefix", default=os.environ.get(PREFIX_ENV, "foryoure://"))
    parser.add_argument("--open", dest="opener", choices=["open-url", "xdg-open"], default=None)
    args = parser.parse_args(argv)
    try:
        found = follow(args.url, args.prefix, args.action)
    except AutobrowserError as exc:
        print(f"autobrowser: {exc}", file=sys.stderr)
        return 2 if "only visits loopback" in str(exc) else 1
    if not matches_prefix(found.url, args.prefix):  # pragma: no cover - find_deeplink checked
        return 1
    REDACTOR.add_secret(_code_of(found.url))
    command = hand_on_argv(found.url, args.opener)
    target = "xdg-open" if command[0] == "xdg-open" else "amogui open-url"
    print(f"autobrowser: deep link found ({found.how}); handing it to {target}", file=sys.stderr)
    try:
        return subprocess.run(command, timeout=60, check=False).returncode
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"autobrowser: {command[0]} failed: {exc}", file=sys.stderr)
        return 1


def _code_of(url: str) -> str | None:
    query = urlsplit(url).query
    return next((v for k, v in parse_qsl(query) if k == "code"), None)


if __name__ == "__main__":
    sys.exit(main())
