"""The tester's identity: "Name <email>" from --tester, AMOGUI_TESTER or the settings."""

from __future__ import annotations

import pytest

from amogui.settings.identity import (
    ENV_TESTER,
    Identity,
    IdentityError,
    choose_tester,
    parse_identity,
)
from amogui.settings.store import Settings, SettingsError, SettingsStore


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna Koval <anna@foryou.example>", Identity("Anna Koval", "anna@foryou.example")),
        (" Олена  <olena+qa@foryou.example> ", Identity("Олена", "olena+qa@foryou.example")),
        ("<anna@foryou.example>", Identity("", "anna@foryou.example")),
        ("anna@foryou.example", Identity("", "anna@foryou.example")),
        ("Anna Koval", Identity("Anna Koval", "")),
    ],
)  # fmt: skip
def test_parse_identity(text: str, expected: Identity) -> None:
    assert parse_identity(text) == expected


def test_str_is_the_form_it_was_given_in() -> None:
    assert str(Identity("Anna", "anna@foryou.example")) == "Anna <anna@foryou.example>"
    assert str(Identity("", "anna@foryou.example")) == "anna@foryou.example"
    assert not Identity()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Anna <>",
        "Anna <not an address>",
        'Anna <"a b"@foryou.example>',
        "Anna <anna@foryou.example,eve@evil.example>",
        "Anna <*@foryou.example>",
        "Anna\n<anna@foryou.example>",
        "Anna \x1b[2J <anna@foryou.example>",
        "Anna \u202e <anna@foryou.example>",
        "Anna <anna@foryou.example> <x@y.example>",
    ],
)
def test_hostile_or_malformed_identities_are_refused(text: str) -> None:
    with pytest.raises(IdentityError):
        parse_identity(text)


def test_choose_tester_order() -> None:
    settings = Settings(tester_name="From Settings", tester_email="settings@foryou.example")
    env = {ENV_TESTER: "From Env <env@foryou.example>"}
    assert choose_tester("Cli <cli@foryou.example>", settings=settings, env=env).email == (
        "cli@foryou.example"
    )
    assert choose_tester(None, settings=settings, env=env).name == "From Env"
    assert choose_tester(None, settings=settings, env={}) == Identity(
        "From Settings", "settings@foryou.example"
    )
    assert choose_tester(None, settings=Settings(), env={}) == Identity()


def test_a_bad_environment_value_is_named() -> None:
    with pytest.raises(IdentityError, match=ENV_TESTER):
        choose_tester(None, settings=Settings(), env={ENV_TESTER: "Anna <nope>"})


def test_choose_tester_reads_the_saved_settings() -> None:
    store = SettingsStore()
    store.settings.tester_name = "Анна"
    store.settings.tester_email = "anna@foryou.example"
    store.save()
    assert choose_tester(env={}) == Identity("Анна", "anna@foryou.example")


@pytest.mark.parametrize(
    "email", ["anna", "anna@foryou", "a b@foryou.example", "a,b@foryou.example", "*@x.example"]
)
def test_settings_refuse_an_email_that_cannot_be_a_signing_identity(email: str) -> None:
    with pytest.raises(SettingsError, match="Tester e-mail"):
        SettingsStore().save(Settings(tester_email=email))


def test_settings_refuse_markup_brackets_in_the_name() -> None:
    with pytest.raises(SettingsError, match="cannot contain angle brackets"):
        SettingsStore().save(Settings(tester_name="<b>Anna</b>"))
