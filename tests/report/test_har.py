"""requests.har: the HAR 1.2 shape, and no secret in it, even from an exchange that was
recorded unredacted."""

from __future__ import annotations

import json

from amogui.report.har import to_har
from amogui.run.exchange import Exchange
from tests.report.sample import SECRETS, sample_run


def test_har_has_the_1_2_shape() -> None:
    run = sample_run()
    har = to_har(run.exchanges)
    json.dumps(har)  # serialisable
    log = har["log"]
    assert log["version"] == "1.2"
    assert log["creator"]["name"] == "amogui"
    assert len(log["entries"]) == len(run.exchanges)
    for entry in log["entries"]:
        assert {"startedDateTime", "time", "request", "response", "cache", "timings"} <= set(entry)
        req, resp = entry["request"], entry["response"]
        assert {"method", "url", "httpVersion", "cookies", "headers", "queryString"} <= set(req)
        assert {"headersSize", "bodySize"} <= set(req)
        assert {"status", "statusText", "httpVersion", "cookies", "headers", "content"} <= set(resp)
        assert {"redirectURL", "headersSize", "bodySize"} <= set(resp)
        assert {"size", "mimeType"} <= set(resp["content"])
        assert all(set(h) == {"name", "value"} for h in req["headers"] + resp["headers"])
    by_id = {e["_id"]: e for e in log["entries"]}
    callback = by_id["x0002"]
    assert {"name": "code", "value": "[REDACTED]"} in callback["request"]["queryString"]
    assert callback["response"]["redirectURL"].startswith("foryoure://amo-crm/callback?")
    failed = by_id["x0008"]
    assert failed["response"]["status"] == 0 and "_error" in failed
    assert by_id["x0003"]["request"]["postData"]["mimeType"] == "application/json"
    text = json.dumps(har)
    assert not any(form in text for form in SECRETS.forms())


def test_har_redacts_an_exchange_that_was_recorded_raw() -> None:
    raw = Exchange(
        "x1",
        None,
        "GET",
        f"http://127.0.0.1/cb?code={SECRETS.code}",
        "2026-01-01T00:00:00+00:00",
        status=599,
        request_headers=[("Authorization", f"Bearer {SECRETS.jwt_a}")],
        response_body=json.dumps({"refresh_token": SECRETS.refresh_token}),
    )
    from tests.report.sample import register_secrets

    register_secrets()
    text = json.dumps(to_har([raw]))
    assert not any(form in text for form in SECRETS.forms())
    assert to_har([raw])["log"]["entries"][0]["response"]["statusText"] == ""
