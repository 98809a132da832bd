from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from amogui.base.net import is_loopback_url
from amogui.oauth.authorize import FlowRegistry, build_authorize_url
from amogui.oauth.autobrowser import (
    AutobrowserError,
    FormParser,
    Options,
    find_button,
    follow,
    hand_on_argv,
    main,
    submit,
)
from amogui.oauth.deeplink import DeepLink, parse_deeplink
from amogui.sandbox import Sandbox, SandboxConfig, profile_for

PAGE = """
<form method="post" action="/oauth">
  <input type="hidden" name="client_id" value="c&amp;1">
  <input type="text" name="note">
  <input type="checkbox" name="remember" checked>
  <input type="checkbox" name="spam">
  <select name="account"><option value="1">A</option><option value="2" selected>B</option></select>
  <select name="lang"><option>uk</option><option>en</option></select>
  <button type="submit" id="allow" name="decision" value="allow">Allow</button>
  <button type="submit" id="deny" name="decision" value="deny" formaction="/no">Deny</button>
</form>
"""


def test_form_parser_reads_fields_like_a_browser() -> None:
    parser = FormParser()
    parser.feed(PAGE)
    (form,) = parser.forms
    assert form.fields == [
        ("client_id", "c&1"),
        ("note", ""),
        ("remember", "on"),
        ("account", "2"),
        ("lang", "uk"),
    ]
    allow = next(b for b in form.buttons if b.id == "allow")
    method, url, body = submit(form, allow, "http://127.0.0.1:9/oauth?x=1")
    assert (method, url) == ("POST", "http://127.0.0.1:9/oauth")
    assert parse_qs(body or "")["decision"] == ["allow"]
    deny = next(b for b in form.buttons if b.id == "deny")
    assert submit(form, deny, "http://127.0.0.1:9/oauth")[1] == "http://127.0.0.1:9/no"


def test_loopback_only() -> None:
    assert is_loopback_url("http://127.0.0.1:5/x") and is_loopback_url("http://localhost/")
    assert is_loopback_url("http://[::1]:8/")
    assert not is_loopback_url("https://www.amocrm.ru/oauth")
    assert not is_loopback_url("file:///etc/passwd")
    assert main(["https://www.amocrm.ru/oauth?client_id=x"]) == 2


def test_the_only_command_line_hand_over_is_the_os_one() -> None:
    # amogui's own hand-over goes over IPC (autobrowser.run); only the OS path, which a
    # real browser takes too, puts the link on a command line.
    url = "foryoure://amo-crm/callback?code=1"
    assert hand_on_argv(url) == ["xdg-open", url]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig()) as sb:
        yield sb


@pytest.mark.parametrize(
    ("faults", "how", "kind"),
    [
        ((), "302 Location", "code"),
        (("callback-js",), "JS redirect", "code"),
        (("callback-button",), "button", "code"),
        (("callback-success-flag",), "button", "success"),
    ],
)
def test_follows_every_callback_style(
    sandbox: Sandbox, faults: tuple[str, ...], how: str, kind: str
) -> None:
    sandbox.set_faults(faults)
    profile = profile_for(sandbox)
    registry = FlowRegistry()
    flow = registry.start(profile)
    found = follow(flow.url, profile.deeplink_prefix)
    assert found.how == how
    link = parse_deeplink(found.url, profile)
    assert isinstance(link, DeepLink) and link.kind == kind
    assert registry.consume(link.state).value == "ok"


def test_deny_gives_an_error_link(sandbox: Sandbox) -> None:
    sandbox.set_faults(())
    profile = profile_for(sandbox)
    found = follow(build_authorize_url(profile).url, profile.deeplink_prefix, action="deny")
    # The backend answers any callback without a code with its missing_code error deep
    # link, which carries no state.
    link = parse_deeplink(found.url, profile, require_state=False)
    assert isinstance(link, DeepLink) and link.error == "missing_code"


def test_dropped_state_and_404_are_reported(sandbox: Sandbox) -> None:
    profile = profile_for(sandbox)
    sandbox.set_faults(("callback-drops-state",))
    found = follow(build_authorize_url(profile).url, profile.deeplink_prefix)
    assert "no state" in str(getattr(parse_deeplink(found.url, profile), "reason", ""))
    sandbox.set_faults(("callback-404",))
    assert main([build_authorize_url(profile).url, "--prefix", profile.deeplink_prefix]) == 1
    sandbox.set_faults(())


# -- the button a person would press ---------------------------------------------------------


@pytest.mark.parametrize(
    "button",
    [
        '<button type="submit" name="d" value="1">Дозволити доступ</button>',
        '<button name="d" value="1"><span>  Allow  </span></button>',
        '<input type="submit" name="d" value="1" aria-label="Разрешить">',
        '<button name="d" value="1" aria-label="Authorize"><img src="x.png"></button>',
        '<button id="consent-allow" name="d" value="1">✓</button>',
    ],
)
def test_allow_is_found_by_its_role_and_text(button: str) -> None:
    page = f"""<form method="post" action="/go"><input type="hidden" name="s" value="1">
        <button type="button" name="d" value="0">Allow (a script button)</button>
        <button type="submit" name="d" value="0">Don't allow</button>
        {button}</form>"""
    parser = FormParser()
    parser.feed(page)
    found = find_button(parser.forms, "allow")
    assert found is not None
    assert submit(*found, "http://127.0.0.1:1/x") == ("POST", "http://127.0.0.1:1/go", "s=1&d=1")


def test_deny_by_text_and_no_button_at_all() -> None:
    parser = FormParser()
    parser.feed('<form><button name="d" value="no">Відмовити</button></form>')
    assert find_button(parser.forms, "deny") is not None
    assert find_button(parser.forms, "allow") is None


# -- TLS with a private CA -------------------------------------------------------------------


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (it is its own CA)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "amogui test CA")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "ca.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


CONSENT = b"""<form method="post" action="/oauth"><input type="hidden" name="state" value="s1">
<button type="submit" name="decision" value="yes">Allow</button></form>"""


@pytest.fixture
def https_consent(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A consent page over https with a private CA; Allow leads to a deep link."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    cert, key = _certificate(tmp_path)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(CONSENT)

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(302)
            self.send_header("Location", "foryoure://amo-crm/callback?code=tls-code&state=s1")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/oauth?state=s1", cert
    server.shutdown()
    server.server_close()


def test_a_private_ca_is_trusted_only_when_given(
    https_consent: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca = https_consent
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with pytest.raises(AutobrowserError, match=r"not trusted .*--cacert or SSL_CERT_FILE"):
        follow(url)
    found = follow(url, options=Options(cacert=str(ca)))
    assert found.url.endswith("code=tls-code&state=s1")
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))  # what CI images set for their own CA
    assert follow(url).url == found.url
    with pytest.raises(AutobrowserError, match="cannot be used"):
        follow(url, options=Options(cacert=str(ca.parent / "missing.pem")))


# -- failing fast --------------------------------------------------------------------------


def test_a_server_that_never_answers_fails_fast_with_a_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    from amogui.oauth import autobrowser

    monkeypatch.setattr(autobrowser, "TIMEOUT", 0.3)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts (the kernel does), never answers
    try:
        outcome = autobrowser.run(
            f"http://127.0.0.1:{silent.getsockname()[1]}/oauth", Options(), deliver=None
        )
    finally:
        silent.close()
    assert outcome.code == 1
    assert outcome.sentence.endswith("did not answer within 0.3 s.")


def test_outcomes_for_refused_targets_and_missing_buttons(sandbox: Sandbox) -> None:
    from amogui.oauth import autobrowser

    assert autobrowser.run("https://www.amocrm.ru/oauth", Options()).code == 2
    page = f"{sandbox.amocrm_url}/no-such-page"
    outcome = autobrowser.run(page, Options())
    assert outcome.code == 1 and "has no Allow button" in outcome.sentence


# -- handing the deep link over, never on a command line ---------------------------------


def test_in_process_the_link_goes_straight_to_the_inbox(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    from amogui.oauth import autobrowser

    def no_command(*_a: object, **_k: object) -> None:
        raise AssertionError("a command was started with the deep link")

    monkeypatch.setattr(subprocess, "run", no_command)
    monkeypatch.setattr(subprocess, "Popen", no_command)
    sandbox.set_faults(())
    profile = profile_for(sandbox)
    flow = FlowRegistry().start(profile)
    got: list[tuple[str, str]] = []
    outcome = autobrowser.run(
        flow.url, Options(prefix=profile.deeplink_prefix), lambda url, via: got.append((url, via))
    )
    assert outcome.code == 0 and len(got) == 1 and got[0][1] == "autobrowser"
    assert f"state={flow.state}" in got[0][0]


def test_as_a_command_the_link_goes_over_ipc(
    sandbox: Sandbox, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`python -m amogui.oauth.autobrowser URL`: the link reaches the amogui whose flow it
    answers over IPC; `amogui open-url -- URL` (readable in /proc) is never run."""
    import os
    import subprocess
    import sys
    import uuid

    from amogui.desktop.channels import FlowClaims
    from amogui.desktop.ipc import IPCServer
    from amogui.desktop.ipc_client import SUFFIX_ENV, server_name

    sandbox.set_faults(())
    profile = profile_for(sandbox)
    registry = FlowRegistry()
    flow = registry.start(profile)
    suffix = f"ab-{uuid.uuid4().hex[:10]}"
    server = IPCServer(server_name(suffix), claims=FlowClaims(lambda: registry))
    server.listen()
    seen = tmp_path / "argv-seen"
    # A sitecustomize that records every command the child starts.
    (tmp_path / "sitecustomize.py").write_text(
        "import subprocess, json\n"
        "_real = subprocess.Popen.__init__\n"
        "def _rec(self, args, *a, **k):\n"
        f"    open({str(seen)!r}, 'a').write(json.dumps(list(map(str, args))) + '\\n')\n"
        "    _real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = _rec\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        SUFFIX_ENV: suffix,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
    }
    try:
        with qtbot.waitSignal(server.url_received, timeout=30_000) as blocker:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "amogui.oauth.autobrowser",
                    "--prefix",
                    profile.deeplink_prefix,
                    flow.url,
                ],
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
        _out, err = proc.communicate(timeout=30)
    finally:
        server.shutdown()
    assert proc.returncode == 0, err
    assert blocker.args[1] == "autobrowser" and f"state={flow.state}" in blocker.args[0]
    assert "handed to amogui over IPC" in err
    assert not seen.exists() or "foryoure://" not in seen.read_text(encoding="utf-8")


def test_builtin_options() -> None:
    from amogui.oauth.autobrowser import builtin_options, is_builtin

    assert is_builtin("auto") and is_builtin("auto --cacert /x.pem")
    assert not is_builtin("autofirefox") and not is_builtin("") and not is_builtin("'x")
    options = builtin_options("auto --cacert /x.pem --action deny", prefix="myapp://cb")
    assert (options.cacert, options.action, options.prefix) == ("/x.pem", "deny", "myapp://cb")
    assert builtin_options("auto --prefix other://", prefix="myapp://cb").prefix == "other://"
    with pytest.raises(AutobrowserError, match="not understood"):
        builtin_options("auto --frobnicate")
