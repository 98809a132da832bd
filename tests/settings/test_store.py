from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from amogui.base import paths
from amogui.base.redact import REDACTOR
from amogui.settings.profiles import PRODUCTION_PROFILE, SANDBOX_PROFILE, Profile
from amogui.settings.secrets import SecretStore
from amogui.settings.store import (
    GENERATED_KEY,
    ProfileStore,
    Settings,
    SettingsError,
    SettingsStore,
    validate,
    validate_settings,
)

BUILTINS = [SANDBOX_PROFILE, PRODUCTION_PROFILE]


def bad_files(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.bad-*"))


# -- profiles: defaults and round trips -------------------------------------------------------


def test_first_launch_has_the_builtins_and_the_sandbox_is_current() -> None:
    store = ProfileStore()
    assert store.path == paths.config_dir() / "profiles.json"
    assert store.names() == BUILTINS
    assert store.current().name == SANDBOX_PROFILE
    assert store.current().sandbox
    assert store.get(PRODUCTION_PROFILE).base_url == "https://admin.foryou-realestate.com"
    assert store.warnings == []
    assert not store.path.exists()  # nothing written until something changes


def test_user_profiles_round_trip_with_every_field() -> None:
    store = ProfileStore()
    profile = Profile(
        name="Staging",
        base_url="https://staging.example.com/admin",
        mode="post_message",
        state_format="mobile",
        paths={"login": "/api/v1/auth/login"},
        params={"stage": "statusId"},
        page_limit=50,
        rate_limit=2.5,
        timeout=5,
    )
    store.add(profile)
    store.set_last_used("staging")  # names are matched without case
    again = ProfileStore()
    assert again.names() == [*BUILTINS, "Staging"]
    loaded = again.get("Staging")
    assert loaded.paths["login"] == "/api/v1/auth/login"
    assert loaded.paths["leads"] == "/api/v1/leads"  # defaults filled in
    assert loaded.params["stage"] == "statusId"
    assert (loaded.mode, loaded.state_format, loaded.page_limit) == ("post_message", "mobile", 50)
    assert again.last_used == "Staging"
    assert again.current().base_url == "https://staging.example.com/admin"


def test_getters_hand_out_copies() -> None:
    store = ProfileStore()
    profile = store.get(PRODUCTION_PROFILE)
    profile.paths["status"] = "/changed"
    assert store.get(PRODUCTION_PROFILE).paths["status"] == "/api/amo-crm/status"


def test_builtins_can_be_edited_and_reset() -> None:
    store = ProfileStore()
    edited = replace(store.get(PRODUCTION_PROFILE), base_url="https://mirror.example.com")
    store.update(edited)
    assert ProfileStore().get(PRODUCTION_PROFILE).base_url == "https://mirror.example.com"
    reset = store.reset(PRODUCTION_PROFILE)
    assert reset.base_url == "https://admin.foryou-realestate.com"
    assert ProfileStore().get(PRODUCTION_PROFILE).base_url == reset.base_url


def test_builtins_are_always_present_even_when_the_file_drops_them() -> None:
    path = paths.config_dir() / "profiles.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = Profile(name="Mine", base_url="https://x.example.com").to_dict()
    path.write_text(json.dumps({"version": 1, "last_used": "Mine", "profiles": [entry]}))
    store = ProfileStore()
    assert store.names() == [*BUILTINS, "Mine"]
    assert store.last_used == "Mine"
    assert store.warnings == []


def test_builtins_cannot_be_renamed_or_deleted() -> None:
    store = ProfileStore()
    with pytest.raises(SettingsError, match="cannot be renamed"):
        store.rename(SANDBOX_PROFILE, "Other")
    with pytest.raises(SettingsError, match="cannot be deleted"):
        store.delete(PRODUCTION_PROFILE)
    store.create("Mine", "https://x.example.com")
    with pytest.raises(SettingsError, match="not a built-in profile"):
        store.reset("Mine")


def test_create_rename_duplicate_delete() -> None:
    store = ProfileStore()
    created = store.create("QA", "https://qa.example.com")
    assert not created.sandbox
    store.set_last_used("QA")
    store.rename("QA", "QA box")
    assert store.last_used == "QA box"
    first = store.duplicate("QA box")
    second = store.duplicate("QA box")
    assert (first.name, second.name) == ("QA box (copy)", "QA box (copy 2)")
    assert second.base_url == "https://qa.example.com"
    store.duplicate(PRODUCTION_PROFILE, "Prod 2")
    store.delete("QA box")
    assert store.last_used == SANDBOX_PROFILE
    assert ProfileStore().names() == [*BUILTINS, "QA box (copy)", "QA box (copy 2)", "Prod 2"]


def test_names_are_unique_without_case_and_must_be_usable() -> None:
    store = ProfileStore()
    store.create("QA", "https://qa.example.com")
    with pytest.raises(SettingsError, match='A profile named "QA" already exists'):
        store.create("qa", "https://other.example.com")
    with pytest.raises(SettingsError, match="already exists"):
        store.duplicate("QA", "local SANDBOX")
    store.create("Other", "https://o.example.com")
    with pytest.raises(SettingsError, match="already exists"):
        store.rename("Other", "QA")
    for bad in ("", "   ", "line\nbreak", "x" * 81, " padded"):
        with pytest.raises(SettingsError):
            store.rename("Other", bad)
    with pytest.raises(SettingsError, match='There is no profile named "Nope"'):
        store.get("Nope")


def test_an_invalid_profile_is_refused_with_its_messages() -> None:
    store = ProfileStore()
    with pytest.raises(SettingsError, match="Base URL must start with http"):
        store.create("Bad", "ftp://x.example.com")
    assert "Bad" not in store
    bad_edit = replace(store.get(PRODUCTION_PROFILE), page_limit=0)
    with pytest.raises(SettingsError, match="Page size must be a positive number"):
        store.update(bad_edit)
    assert store.get(PRODUCTION_PROFILE).page_limit == 100
    wrong_type = replace(store.get(PRODUCTION_PROFILE), paths=["x"])  # type: ignore[arg-type]
    with pytest.raises(SettingsError, match="'paths' must map names to text"):
        store.update(wrong_type)
    store.update(replace(store.get(PRODUCTION_PROFILE), name="foryou production", timeout=3.0))
    assert store.names() == BUILTINS
    assert store.get(PRODUCTION_PROFILE).timeout == 3.0


# -- validation --------------------------------------------------------------------------------


def good() -> Profile:
    return Profile(name="P", base_url="https://h.example.com")


def test_builtins_are_valid() -> None:
    for profile in ProfileStore().profiles():
        assert validate(profile) == [], profile.name


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"base_url": ""}, "Base URL is empty; it must start with http:// or https://."),
        ({"base_url": "h.example.com"}, "Base URL must start with http:// or https://"),
        ({"base_url": "https://"}, "has no host name"),
        ({"base_url": "https://h.example.com?x=1"}, "must not have a query"),
        ({"base_url": "https://u:pw@h.example.com"}, "must not contain a user name or password"),
        ({"base_url": "https://h.example.com:99999"}, "is not a valid URL"),
        ({"base_url": "https://h .example.com"}, "cannot contain spaces"),
        ({"authorize_url": "www.amocrm.ru/oauth"}, "Authorize URL must start with http"),
        ({"client_id": " "}, "Client id must be non-empty"),
        ({"mode": "window"}, "Mode must be popup or post_message"),
        ({"state_format": "x"}, "State format must be random or mobile"),
        ({"deeplink_scheme": "1bad"}, "Deep link scheme must start with a letter"),
        ({"deeplink_scheme": "for you"}, "Deep link scheme"),
        ({"deeplink_host": ""}, "Deep link host must be a non-empty name"),
        ({"deeplink_path": "callback"}, "Deep link path must start with '/'"),
        ({"paths": {"status": "api/amo-crm/status"}}, "The status path must start with '/'"),
        ({"paths": {"leads": "/api/v1/leads?x=1"}}, "The leads path cannot contain"),
        ({"params": {"stage": "stage id"}}, "The stage parameter name must be non-empty"),
        ({"params": {"page": ""}}, "The page parameter name"),
        ({"page_limit": -1}, "Page size must be a positive number (got -1)."),
        ({"concurrency": 0}, "Concurrency must be a positive number"),
        ({"timeout": 0.0}, "Timeout must be a positive number"),
        ({"rate_limit": -1.0}, "Rate limit must be 0 (unlimited) or a positive number"),
        ({"sandbox_leads": -5}, "Sandbox leads must be 0 or more"),
        ({"page_limit": "100"}, "Field 'page_limit' must be a whole number."),
        ({"sandbox": "yes"}, "Field 'sandbox' must be true or false."),
        ({"timeout": float("nan")}, "Field 'timeout' must be a number."),
    ],
)
def test_validation_messages(change: dict[str, object], message: str) -> None:
    profile = good()
    for key, value in change.items():
        if isinstance(value, dict):
            getattr(profile, key).update(value)
        else:
            setattr(profile, key, value)
    problems = [str(p) for p in validate(profile)]  # the English sentences
    assert any(message in p for p in problems), problems
    assert all(p.endswith(".") for p in problems)


def test_sandbox_profile_may_have_no_base_url_yet_but_others_may_not() -> None:
    assert validate(Profile(name="S", base_url="", sandbox=True)) == []
    assert validate(Profile(name="S", base_url="", sandbox=False)) != []
    assert validate(replace(good(), rate_limit=0.0, base_url="http://127.0.0.1:8000")) == []


# -- damaged files -----------------------------------------------------------------------------


def write_profiles(text: str) -> Path:
    path = paths.config_dir() / "profiles.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "", '"text"', "\udcff"])
def test_unreadable_profiles_file_is_moved_aside(text: str) -> None:
    path = paths.config_dir() / "profiles.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    store = ProfileStore()
    assert store.names() == BUILTINS
    assert len(store.warnings) == 1 and "defaults are used instead." in str(store.warnings[0])
    kept = bad_files(path.parent, "profiles.json")
    assert len(kept) == 1 and kept[0].name in str(store.warnings[0])
    assert kept[0].read_bytes() == text.encode("utf-8", "surrogateescape")
    assert not path.exists()


def test_partly_damaged_file_keeps_good_entries_and_a_copy() -> None:
    good_entry = Profile(name="Good", base_url="https://g.example.com").to_dict()
    original = json.dumps(
        {
            "version": 1,
            "last_used": "Good",
            "profiles": [
                good_entry,
                {"name": "Typed", "base_url": "https://t.example.com", "page_limit": "many"},
                "junk",
                {"base_url": "https://n.example.com"},
                {"name": "good", "base_url": "https://dup.example.com"},
                {"name": "No URL"},
                {"name": "Paths", "base_url": "https://p.example.com", "paths": ["x"]},
            ],
        }
    )
    path = write_profiles(original)
    store = ProfileStore()
    assert store.names() == [*BUILTINS, "Good"]
    assert store.last_used == "Good"
    warning = str(store.warnings[0])
    for piece in (
        "'page_limit' must be a whole number",
        "profile 3 is not an object",
        "profile 4 has no usable name",
        'repeats the name "good"',
        '"No URL" has no base URL',
        "'paths' must map names to text",
    ):
        assert piece in warning, piece
    kept = bad_files(path.parent, "profiles.json")
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == original
    assert path.exists()  # the good part stays in place


def test_damaged_file_twice_in_a_second_keeps_both() -> None:
    path = write_profiles("{")
    ProfileStore()
    write_profiles("{{")
    ProfileStore()
    assert len(bad_files(path.parent, "profiles.json")) == 2


def test_unknown_last_used_falls_back_to_the_sandbox() -> None:
    write_profiles(json.dumps({"last_used": "Gone", "profiles": []}))
    assert ProfileStore().current().name == SANDBOX_PROFILE


def test_builtin_name_in_other_case_is_the_builtin() -> None:
    entry = Profile(name="foryou PRODUCTION", base_url="https://m.example.com").to_dict()
    write_profiles(json.dumps({"profiles": [entry]}))
    store = ProfileStore()
    assert store.names() == BUILTINS
    assert store.get(PRODUCTION_PROFILE).base_url == "https://m.example.com"


def test_save_failure_is_a_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = ProfileStore(blocker / "profiles.json")
    with pytest.raises(SettingsError, match="Could not save"):
        store.create("X", "https://x.example.com")


# -- settings ----------------------------------------------------------------------------------


def test_settings_round_trip() -> None:
    store = SettingsStore()
    assert store.path == paths.config_dir() / "settings.json"
    assert store.settings == Settings()
    assert store.settings.uses_generated_key
    store.settings.language = "uk"
    store.settings.tester_name = "Олена Тестер"
    store.settings.tester_email = "olena@example.com"
    store.settings.tester_role = "QA"
    store.settings.signing_key = "/home/olena/.ssh/id_ed25519"
    store.settings.user_emails["B"] = "witness@example.com"
    store.save()
    loaded = SettingsStore().settings
    assert loaded == store.settings
    assert loaded.user_emails == {"A": "", "B": "witness@example.com"}
    assert not loaded.uses_generated_key


def test_settings_validation() -> None:
    bad = Settings(
        language="Ukrainian",
        tester_email="olena",
        tester_name="a\nb",
        signing_key="",
        user_emails={"A": "x", "C": "c@example.com"},
    )
    problems = validate_settings(bad)
    assert len(problems) == 6
    assert 'UI language must be a code like "uk"' in str(problems[0])
    assert validate_settings(Settings()) == []
    with pytest.raises(SettingsError, match="is not an email address"):
        SettingsStore().save(bad)
    assert not (paths.config_dir() / "settings.json").exists()
    assert Settings().signing_key == GENERATED_KEY


def test_damaged_settings_are_moved_aside_or_copied() -> None:
    path = paths.config_dir() / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{oops")
    store = SettingsStore()
    assert store.settings == Settings() and "settings.json is damaged: it is not valid JSON" in str(
        store.warnings[0]
    )
    assert len(bad_files(path.parent, "settings.json")) == 1
    path.write_text(json.dumps({"language": 7, "tester_name": "Kept", "user_emails": []}))
    store = SettingsStore()
    assert store.settings.tester_name == "Kept"
    assert store.settings.language == ""
    assert "'language' must be text" in str(store.warnings[0])
    assert len(bad_files(path.parent, "settings.json")) == 2


# -- no secret on disk -------------------------------------------------------------------------


def test_no_secret_ever_reaches_the_files() -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2VjcmV0LXNpZ25hdHVyZQ"
    password = "hunter2-very-secret"
    secrets = SecretStore()
    profiles = ProfileStore()
    settings = SettingsStore()
    for name in profiles.names():
        secrets.set_token(name, "A", token)
        secrets.set_password(name, "B", password)
    profiles.create("Mine", "https://x.example.com")
    profiles.set_last_used("Mine")
    # A tester pasting a secret into a free-text field is caught too.
    settings.settings.tester_role = f"QA {password}"
    settings.settings.user_emails["A"] = "a@example.com"
    settings.save()
    for path in (profiles.path, settings.path):
        text = path.read_text(encoding="utf-8")
        assert token not in text and password not in text, path
    assert REDACTOR.text(password) != password
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in paths.config_dir().rglob("*")
        if p.is_file()
    )
    assert token not in everything and password not in everything


# -- two stores, one file ---------------------------------------------------------------------


def test_two_stores_never_undo_each_others_fields() -> None:
    """The language menu and the tester page each hold a store; saving one must not put
    back the other's old values."""
    language_menu, tester_page = SettingsStore(), SettingsStore()
    tester_page.settings.tester_name = "Анна"
    tester_page.settings.tester_email = "anna@foryou.example"
    tester_page.save()
    language_menu.settings.language = "uk"
    language_menu.save()
    again = SettingsStore().settings
    assert (again.language, again.tester_name, again.tester_email) == (
        "uk",
        "Анна",
        "anna@foryou.example",
    )
    assert language_menu.settings.tester_name == "Анна"  # it now holds what it wrote


def test_a_store_writes_its_own_change_over_a_newer_file() -> None:
    first, second = SettingsStore(), SettingsStore()
    first.settings.signing_key = "/keys/id_ed25519"
    first.save()
    second.save(Settings(signing_key="generated", tester_role="QA"))  # a whole object
    loaded = SettingsStore().settings
    assert loaded.tester_role == "QA"
    assert loaded.signing_key == "/keys/id_ed25519"  # second never changed it


def test_a_damaged_file_is_reported_in_the_window_language() -> None:
    from amogui.base.i18n import catalogue, render

    write_profiles("{not json")
    store = ProfileStore()
    said = render(store.warnings[0], catalogue("uk"))
    assert said.startswith("Файл profiles.json пошкоджено: це не коректний JSON")
    assert "типові значення" in said
