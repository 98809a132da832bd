from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from amogui.desktop import protocol
from amogui.desktop.protocol import Message, decode_message, selftest_nonce


def test_round_trip() -> None:
    line = protocol.encode_open_url("foryoure://amo-crm/callback?code=1", "argv")
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert decode_message(line.strip()) == Message(
        "open-url", url="foryoure://amo-crm/callback?code=1", via="argv"
    )
    wait = decode_message(protocol.encode_selftest_wait("abcdefgh12", 5).strip())
    assert wait == Message("selftest-wait", nonce="abcdefgh12", timeout=5.0)
    assert protocol.decode_reply(protocol.encode_reply()) == {"v": 1, "ok": True}
    assert protocol.decode_reply(protocol.encode_reply("no."))["error"] == "no."


def _reason(payload: object) -> str:
    result = decode_message(json.dumps(payload).encode())
    assert isinstance(result, str) and result.endswith(".")
    return result


def test_rejections() -> None:
    assert "UTF-8 JSON" in str(decode_message(b"\xff\xfe"))
    assert "UTF-8 JSON" in str(decode_message(b"{not json"))
    assert "not a JSON object" in _reason([1, 2])
    assert "version" in _reason({"type": "open-url", "url": "x"})
    assert "version" in _reason({"v": 2, "type": "open-url", "url": "x"})
    assert "version" in _reason({"v": True, "type": "open-url", "url": "x"})
    assert "Unknown" in _reason({"v": 1, "type": "shutdown"})
    assert "no URL" in _reason({"v": 1, "type": "open-url"})
    assert "no URL" in _reason({"v": 1, "type": "open-url", "url": 5})
    assert "characters long" in _reason({"v": 1, "type": "open-url", "url": "x" * 9000})
    assert "via" in _reason({"v": 1, "type": "open-url", "url": "x", "via": "Bad Via"})
    assert "nonce" in _reason({"v": 1, "type": "selftest-wait", "nonce": "short"})
    assert "timeout" in _reason(
        {"v": 1, "type": "selftest-wait", "nonce": "abcdefgh12", "timeout": 1e9}
    )
    assert "bytes" in str(decode_message(b"x" * (protocol.MAX_LINE + 1)))


def test_selftest_nonce() -> None:
    assert selftest_nonce("foryoure://amo-crm/selftest?nonce=abcdefgh12") == "abcdefgh12"
    assert selftest_nonce("foryoure://amo-crm/callback?nonce=abcdefgh12") is None
    assert selftest_nonce("foryoure://amo-crm/selftest?nonce=a&nonce=b") is None
    assert selftest_nonce("foryoure://[::1/selftest") is None


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=1500, deadline=None)
@given(st.binary(max_size=200))
def test_fuzz_bytes(line: bytes) -> None:
    result = decode_message(line)
    assert isinstance(result, (Message, str))
    if isinstance(result, str):
        assert result.endswith(".")


@settings(max_examples=800, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "v": st.sampled_from([1, 1.0, "1", 2, None, True]),
            "type": st.sampled_from(["open-url", "selftest-wait", "x", None]),
            "url": _json_values,
            "via": st.sampled_from(["argv", "ipc", "", "A B", None, 3]),
            "nonce": _json_values,
            "timeout": _json_values,
        },
    )
)
def test_fuzz_objects(payload: dict[str, object]) -> None:
    result = decode_message(json.dumps(payload).encode())
    assert isinstance(result, (Message, str))
    if isinstance(result, Message):
        assert payload.get("v") == 1 and result.type in ("open-url", "selftest-wait")


def test_urls_that_could_forge_a_log_line_are_refused() -> None:
    for url in ("foryoure://x\n2026 INFO fake", "foryoure://x\x1b[2J", "foryoure://x y", "ü://x"):
        assert "spaces, control or non-ASCII" in _reason({"v": 1, "type": "open-url", "url": url})


def test_selftest_waits_are_capped_at_half_a_minute() -> None:
    assert protocol.MAX_SELFTEST_WAIT == 30
    assert "timeout" in _reason(
        {"v": 1, "type": "selftest-wait", "nonce": "abcdefgh12", "timeout": 300}
    )


def test_replies_say_whether_the_link_was_taken() -> None:
    assert protocol.decode_reply(protocol.encode_reply(taken=False)) == {
        "v": 1,
        "ok": True,
        "taken": False,
    }
    assert "taken" not in protocol.decode_reply(protocol.encode_reply())


def test_for_log_shows_no_value() -> None:
    shown = protocol.for_log("foryoure://amo-crm/callback?code=SECRET&state=S2&x%0A=1")
    assert shown == "foryoure://amo-crm/callback (code, state, x)"
    assert protocol.for_log("foryoure://amo-crm/callback") == "foryoure://amo-crm/callback"
    assert protocol.for_log("foryoure://[::1/x?a=1") == "(an unparsable URL)"
    assert protocol.for_log("foryoure://me:pw@Host:7/p?a=1") == "foryoure://host:7/p (a)"
