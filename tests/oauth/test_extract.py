from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amogui.oauth.extract import Found, find_all, find_deeplink, matches_prefix, meta_refresh_url

P = "foryoure://amo-crm/callback"
LINK = f"{P}?code=c1&state=s1"


def test_302_location() -> None:
    found = find_deeplink(302, [("Location", LINK)], "", P)
    assert found == Found(LINK, "302 Location") and found.slug == "302"
    assert find_deeplink(302, {"location": "https://elsewhere/"}, "", P) is None
    # a Location on a 200 is not a redirect
    assert find_deeplink(200, {"Location": LINK}, "", P) is None


@pytest.mark.parametrize(
    "script",
    [
        f'window.location = "{LINK}";',
        f"window.location.href='{LINK}'",
        f'location.replace("{LINK}")',
        f"document.location.assign(`{LINK}`)",
        f'const target = "{LINK}"; setTimeout(() => {{ location.href = target; }}, 9);',
        'window.location.href = "foryoure:\\/\\/amo-crm\\/callback?code=c1\\u0026state=s1";',
        'window.location = "foryoure://amo-crm/callback?code=" + "c1" + "&state=s1";',
        'window.location = "\\x66oryoure://amo-crm/callback?code=c1&state=s1";',
        f'function go() {{ return "{LINK}"; }} window.location.href = go();',
    ],
)
def test_js_redirects(script: str) -> None:
    body = f"<html><head><script>{script}</script></head><body>Redirecting</body></html>"
    assert find_deeplink(200, {}, body, P) == Found(LINK, "JS redirect")


def test_script_without_sink_is_not_a_redirect() -> None:
    body = f'<script>console.log("{LINK}")</script>'
    assert find_deeplink(200, {}, body, P) is None


def test_meta_refresh() -> None:
    body = f'<meta http-equiv="Refresh" content="0; URL=\'{LINK.replace("&", "&amp;")}\'">'
    assert find_deeplink(200, {}, body, P) == Found(LINK, "meta refresh")
    assert meta_refresh_url("5") is None
    assert meta_refresh_url("0;url=x") == "x"
    assert meta_refresh_url("0, url = 'y'") == "y"
    assert meta_refresh_url("0; foo=1") is None


def test_link_and_button_with_entities() -> None:
    link = f'<a class="btn" href="{P}?code=c1&amp;state=s1">Return to the app</a>'
    assert find_deeplink(200, {}, link, P) == Found(LINK, "link")
    button = f'<button onclick="window.open(&#39;{P}?code=c1&amp;state=s1&#39;)">Open</button>'
    assert find_deeplink(200, {}, button, P) == Found(LINK, "button")


def test_priority_js_over_link() -> None:
    body = (
        '<a href="foryoure://amo-crm/callback?code=fromlink&state=s">x</a>'
        f'<script>window.location.href = "{LINK}"</script>'
    )
    assert find_deeplink(200, {}, body, P) == Found(LINK, "JS redirect")
    assert [f.how for f in find_all(body, P)] == ["link", "JS redirect"]


def test_other_schemes_and_lookalikes_ignored() -> None:
    body = (
        '<a href="https://example.com">x</a><a href="foryoure://amo-crm/callbackX?code=1">y</a>'
        '<a href="javascript:void(0)">z</a>'
    )
    assert find_deeplink(200, {}, body, P) is None
    assert matches_prefix("FORYOURE://amo-crm/callback?x", P)
    assert matches_prefix("foryoure://amo-crm/anything", "foryoure://")
    assert not matches_prefix("foryoure://amo-crm/callbacks", P)


def test_error_deeplink_found() -> None:
    body = f"<script>window.location='{P}?error=missing_code'</script>"
    found = find_deeplink(200, {}, body, P)
    assert found is not None and found.url.endswith("error=missing_code")


def test_broken_markup_does_not_crash() -> None:
    for body in [
        "<",
        "<script>window.location='",
        "<a href='foryoure://amo-crm/callback",
        "<!--",
        "&#xffffffff;",
    ]:
        find_deeplink(200, {}, body, P)


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*list("<>/=\"'` ;()+\\&#abcsriptwndolh:."), P, "<script>", "location=", "<a href="]
        ),
        max_size=40,
    ).map("".join)
)
def test_fuzz_never_crashes(body: str) -> None:
    found = find_deeplink(200, {}, body, P)
    assert found is None or matches_prefix(found.url, P)
