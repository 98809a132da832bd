"""curl blocks of a checklist as requests, and their substitution onto a profile."""

from __future__ import annotations

import base64

import pytest

from amogui.base.redact import REDACTOR
from amogui.checklist import load_bundled
from amogui.checklist.curl import (
    CurlError,
    CurlRequest,
    has_placeholder,
    parse,
    parse_all,
    substitute,
)


def test_the_checklist_blocks_parse() -> None:
    blocks = [t.curl for s in load_bundled().steps() for t in s.api_tests]
    status, disconnect = (parse(b) for b in blocks)
    assert status == CurlRequest(
        "GET",
        "https://admin.foryou-realestate.com/api/amo-crm/status",
        (("Authorization", "Bearer <user_jwt_token>"),),
    )
    assert disconnect.method == "POST"
    assert disconnect.url.endswith("/api/amo-crm/disconnect")
    assert disconnect.body is None


def test_substitute_points_at_the_profile_and_fills_the_token() -> None:
    request = parse(
        "curl -X GET https://admin.foryou-realestate.com/api/amo-crm/status?x=1 \\\n"
        '  -H "Authorization: Bearer <user_jwt_token>"'
    )
    token = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJl"
    sent = substitute(request, "http://127.0.0.1:8765/", token)
    assert sent.url == "http://127.0.0.1:8765/api/amo-crm/status?x=1"
    assert sent.header("authorization") == f"Bearer {token}"
    assert token not in repr(sent)  # the token is registered with the redactor
    assert token not in REDACTOR.text(f"sent {token}")


def test_substitute_keeps_a_base_path_prefix() -> None:
    sent = substitute(parse("curl https://h.example/api/x"), "https://proxy.example/prefix/", None)
    assert sent.url == "https://proxy.example/prefix/api/x"


@pytest.mark.parametrize(
    "placeholder",
    ["<user_jwt_token>", "<token>", "<jwt>", "<ACCESS-TOKEN>", "YOUR_TOKEN", "YOUR_JWT_TOKEN",
     "$TOKEN", "${JWT}", "{{token}}", "{{ user.jwt }}"],
)  # fmt: skip
def test_placeholders(placeholder: str) -> None:
    request = parse(
        f"curl -H 'Authorization: Bearer {placeholder}' --json '{{\"t\":\"{placeholder}\"}}' h/x"
    )
    assert has_placeholder(request.header("Authorization") or "")
    sent = substitute(request, "http://127.0.0.1:1", "tok-123456")
    assert sent.header("Authorization") == "Bearer tok-123456"
    assert sent.body == '{"t":"tok-123456"}'


def test_without_a_token_placeholders_stay() -> None:
    request = parse("curl -H 'Authorization: Bearer <token>' http://a/b")
    assert (
        substitute(request, "http://127.0.0.1:1", None).header("Authorization") == "Bearer <token>"
    )


def test_options() -> None:
    request = parse(
        "$ curl -sSL -XPATCH --header='X-A: 1' -H 'X-Empty;' -A agent -b 'c=1' "
        "--data-raw '@literal' -d b=2 --max-time 5 'https://h/p?q=1' | jq ."
    )
    assert request.method == "PATCH"
    assert request.url == "https://h/p?q=1"
    assert request.headers == (
        ("X-A", "1"),
        ("X-Empty", ""),
        ("User-Agent", "agent"),
        ("Cookie", "c=1"),
        ("Content-Type", "application/x-www-form-urlencoded"),
    )
    assert request.body == "@literal&b=2"
    assert request.ignored == ("-s", "-S", "-L", "--max-time")


def test_json_get_head_user_and_defaults() -> None:
    json_request = parse('curl --json \'{"code": "abc"}\' http://h/api/amo-crm/exchange-code')
    assert json_request.method == "POST"
    assert json_request.header("content-type") == "application/json"
    assert json_request.body == '{"code": "abc"}'
    assert parse("curl -G -d a=1 -d b=2 http://h/x").url == "http://h/x?a=1&b=2"
    assert parse("curl -I h/x") == CurlRequest("HEAD", "http://h/x")
    basic = parse("curl -u user:pw http://h/x").header("Authorization")
    assert basic == "Basic " + base64.b64encode(b"user:pw").decode()


def test_several_commands_in_one_block() -> None:
    block = "# first\ncurl http://h/a && curl -X DELETE http://h/b\necho done; curl http://h/c"
    assert [(r.method, r.url) for r in parse_all(block)] == [
        ("GET", "http://h/a"),
        ("DELETE", "http://h/b"),
        ("GET", "http://h/c"),
    ]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("", "The block holds no curl command."),
        ('{"success": true}', "The block holds no curl command."),
        ("curl -X GET", "The curl command has no URL."),
        ("curl http://a http://b", "The curl command names more than one URL."),
        ("curl -H", "The curl option -H has no value."),
        ("curl --frobnicate http://a", "The curl option --frobnicate is not supported."),
        ("curl -d @b http://a", "The curl body comes from a file (@b), which amogui cannot read."),
        ("curl -H 'NoColon' http://a", "The curl header 'NoColon' has no 'Name: value' form."),
        ("curl 'http://a", "The curl command cannot be read: No closing quotation."),
        ("curl -F a=b http://a", "The curl option -F is not supported."),
    ],
)  # fmt: skip
def test_unreadable_blocks_give_one_sentence(block: str, message: str) -> None:
    with pytest.raises(CurlError) as caught:
        parse(block)
    assert str(caught.value) == message


def test_bad_base_url() -> None:
    with pytest.raises(CurlError, match="is not an absolute http"):
        substitute(parse("curl http://a/b"), "localhost:8000", None)
