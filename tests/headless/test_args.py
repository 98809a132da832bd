"""`amogui run`'s options: every problem is one sentence before any check runs."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from amogui.headless.args import ConfigError, add_arguments, configure
from amogui.run.state import Status


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_a_sandbox_plan(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("s1: {verdict: failed, note: by hand}\n", encoding="utf-8")
    plan = configure(
        parse(
            "--sandbox", "--fault", "jwt-403", "--only", "status.before", "--answers", str(answers)
        )
    )
    assert plan.profile.sandbox and plan.profile.sandbox_faults == ["jwt-403"]
    # The sandbox is local: its pace is the built-in sandbox profile's, not a production one.
    assert (plan.profile.concurrency, plan.profile.rate_limit) == (8, 0.0)
    assert plan.ids == ["status.before"] and not plan.needs_oauth_leg
    assert plan.answers == {"s1": (Status.FAILED, "by hand")}
    assert plan.signing.key_source == "keychain"


def test_the_oauth_leg_needs_a_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not configure(parse("--sandbox")).needs_oauth_leg
    plan = configure(parse("--sandbox", "--browser", "true %s", "--client-id", "cid"))
    assert plan.needs_oauth_leg and plan.overrides == {"client_id": "cid"}


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (["--sandbox", "--tester", "nobody"], 'must be written "Name <email>"'),
        (["--sandbox", "--report", "out", "--signing-key", "/no/key"], "/no/key"),
        (["--sandbox", "--only", ","], "--only names no check"),
    ],
)
def test_bad_options_are_one_sentence(argv: list[str], sentence: str) -> None:
    with pytest.raises(ConfigError, match=sentence.replace("(", r"\(").replace(")", r"\)")):
        configure(parse(*argv))


def test_values_are_checked_by_their_types(capsys: pytest.CaptureFixture[str]) -> None:
    # amogui.base.argtypes: refused while parsing, exit 2, the option named.
    with pytest.raises(SystemExit) as exit_info:
        parse("--base-url", "ftp://x")
    assert exit_info.value.code == 2
    assert "argument --base-url: 'ftp://x' is not an http(s) URL." in capsys.readouterr().err


def test_the_built_in_browser_and_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = configure(parse("--sandbox", "--browser", "auto --cacert /etc/ssl/ca.pem"))
    assert plan.needs_oauth_leg and plan.browser.builtin
    with pytest.raises(ConfigError, match="not understood"):
        configure(parse("--sandbox", "--browser", "auto --no-such-option"))


def test_production_probes_is_a_real_backends_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMOGUI_LOGIN_A", "anna@foryou.example:secret")
    real = ("--base-url", "https://admin.example")
    assert configure(parse(*real)).profile.production_probes is None  # never answered
    assert configure(parse(*real, "--production-probes", "no")).profile.production_probes is False
    assert configure(parse(*real, "--production-probes", "yes")).profile.production_probes is True
    with pytest.raises(ConfigError, match="applies to a real backend"):
        configure(parse("--sandbox", "--production-probes", "no"))


def test_help_names_the_checks_that_make_the_backend_call_amocrm() -> None:
    from amogui.checks.registry import CHECK_IDS, PRODUCTION_PROBES
    from amogui.cli import build_parser

    parser = build_parser("run")
    run_parser = parser._subparsers._group_actions[0].choices["run"]  # type: ignore[union-attr]
    text = run_parser.format_help()
    assert PRODUCTION_PROBES == ("callback.errors", "oauth.callback")
    assert "callback.errors and oauth.callback send the backend's callback" in text
    # Only those: no other check is named as one that reaches amoCRM.
    probes_part = text[text.index("production probes (") : text.index("exit codes:")]
    assert [c for c in CHECK_IDS if c in probes_part] == list(PRODUCTION_PROBES)
