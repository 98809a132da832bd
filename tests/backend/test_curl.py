from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amogui.backend.curl import curl_argv, to_curl
from amogui.base.redact import REDACTED, REDACTOR
from amogui.run.exchange import Exchange

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MTJ9.c2lnbmF0dXJlLXNlY3JldA"


def exchange(**overrides: object) -> Exchange:
    base: dict[str, object] = {
        "id": "x0001",
        "check_id": "exchange.code",
        "method": "POST",
        "url": "https://admin.example.com/api/amo-crm/exchange-code",
        "started_at": "2026-11-27T10:00:00Z",
        "request_headers": [
            ("Host", "admin.example.com"),
            ("Accept-Encoding", "gzip, deflate"),
            ("Content-Length", "25"),
            ("Content-Type", "application/json"),
            ("Authorization", f"Bearer {REDACTED}"),
        ],
        "request_body": '{"code": "[REDACTED]"}',
    }
    base.update(overrides)
    return Exchange(**base)  # type: ignore[arg-type]


def bash_argv(command: str) -> list[str]:
    """What a real shell makes of the command: curl replaced by a NUL-separated echo."""
    assert command.startswith("curl ")
    script = "printf '%s\\0' curl " + command[len("curl ") :]
    out = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", script], capture_output=True, check=True
    ).stdout
    return out.decode().split("\0")[:-1]


def test_default_command_is_redacted_and_complete() -> None:
    REDACTOR.add_secret(TOKEN)
    ex = exchange()
    argv = curl_argv(ex)
    assert argv == [
        "curl",
        "https://admin.example.com/api/amo-crm/exchange-code",
        "-H",
        "Content-Type: application/json",
        "-H",
        "Authorization: Bearer [REDACTED]",
        "--data-raw",
        '{"code": "[REDACTED]"}',
    ]
    text = to_curl(ex)
    assert TOKEN not in text
    assert text.count("\\\n") == 3
    assert shlex.split(to_curl(ex, multiline=False)) == argv


def test_real_token_only_when_asked() -> None:
    ex = exchange()
    assert TOKEN not in to_curl(ex)
    with_token = curl_argv(ex, token=TOKEN)
    assert f"Authorization: Bearer {TOKEN}" in with_token
    # The token passed for the copy is now known to the redactor.
    assert TOKEN not in REDACTOR.text(f"x {TOKEN}")


def test_token_with_bearer_prefix_is_not_doubled() -> None:
    argv = curl_argv(exchange(), token=f"Bearer {TOKEN}")
    assert f"Authorization: Bearer {TOKEN}" in argv


def test_token_not_added_where_the_request_had_no_authorization() -> None:
    ex = exchange(request_headers=[("Accept", "application/json")])
    assert not any(TOKEN in arg for arg in curl_argv(ex, token=TOKEN))


@pytest.mark.parametrize(
    ("method", "body", "expected"),
    [
        ("GET", "", ["curl", "https://h/x"]),
        ("POST", "", ["curl", "-X", "POST", "https://h/x"]),
        ("POST", "a=1", ["curl", "https://h/x", "--data-raw", "a=1"]),
        ("DELETE", "", ["curl", "-X", "DELETE", "https://h/x"]),
        ("GET", "q", ["curl", "-X", "GET", "https://h/x", "--data-raw", "q"]),
        ("HEAD", "", ["curl", "--head", "https://h/x"]),
    ],
)
def test_methods(method: str, body: str, expected: list[str]) -> None:
    ex = exchange(method=method, url="https://h/x", request_headers=[], request_body=body)
    assert curl_argv(ex) == expected


def test_url_that_looks_like_an_option_is_not_one() -> None:
    ex = exchange(method="GET", url="-o/etc/passwd", request_headers=[], request_body="")
    assert curl_argv(ex) == ["curl", "--url", "-o/etc/passwd"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_hostile_values_survive_a_real_shell() -> None:
    ex = exchange(
        url="https://h/x?a=1&b='$(touch /tmp/pwned)'`id`",
        request_headers=[("X-Note", 'it\'s "quoted"; $HOME \\ \n next')],
        request_body='{"a": "\'; rm -rf / #"}\n\\\nline',
    )
    assert bash_argv(to_curl(ex)) == curl_argv(ex)


_text = st.text(st.characters(codec="utf-8", exclude_characters="\0"))


@settings(max_examples=60, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    url=_text,
    headers=st.lists(st.tuples(st.text("abcXYZ-", min_size=1), _text), max_size=4),
    body=_text,
)
def test_any_exchange_round_trips_through_shlex_and_bash(
    method: str, url: str, headers: list[tuple[str, str]], body: str
) -> None:
    ex = exchange(method=method, url=url, request_headers=headers, request_body=body)
    argv = curl_argv(ex)
    assert shlex.split(to_curl(ex, multiline=False)) == argv
    if shutil.which("bash"):
        assert bash_argv(to_curl(ex)) == argv
