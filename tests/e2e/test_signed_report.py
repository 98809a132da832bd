"""One signing identity across the window and CI: the same configured key signs two exports
and an `amogui run --report` with the same fingerprint, the report names the tester, and a
one-off key is said so in the exit summary."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from amogui.report import bundle, keys
from amogui.report.export import export_bundle
from amogui.settings.identity import choose_tester
from amogui.settings.store import SettingsStore
from tests.e2e.test_headless import amogui, env, summary
from tests.report.sample import sample_checklist, sample_run

__all__ = ["env"]  # the fixture, shared with the headless tests

NO_KEYCHAIN = "keyring.backends.fail.Keyring"
TESTER = "Анна Коваленко <anna@foryou.example>"


def ci_run(env: dict[str, str], out: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    """A quick `amogui run --sandbox --report` (one check, no browser)."""
    proc = amogui(
        env, "--sandbox", "--only", "status.before", "--report", str(out), "--json", *args
    )
    data = summary(proc) if proc.stdout.strip() else {}
    return proc.returncode, data, proc.stderr


def exported_fingerprint(folder: Path) -> str:
    report = json.loads((folder / bundle.REPORT_JSON).read_text(encoding="utf-8"))
    fingerprint: str = report["signing"]["fingerprint"]
    return fingerprint


def export_from_the_window(folder: Path) -> str:
    export_bundle(
        sample_run(),
        sample_checklist(),
        folder,
        keys.choose_signer(env={}),
        pdf=None,
        tester=choose_tester(env={}),
    )
    return exported_fingerprint(folder)


@pytest.mark.slow
def test_two_exports_and_a_ci_run_with_the_configured_key_share_its_fingerprint(
    env: dict[str, str], tmp_path: Path
) -> None:
    key = keys.generate("anna@foryou.example")
    path = tmp_path / "keys" / "id_ed25519"
    keys.write_key_file(key, path)
    store = SettingsStore()
    store.settings.signing_key = str(path)
    store.settings.tester_name = "Анна Коваленко"
    store.settings.tester_email = "anna@foryou.example"
    store.save()
    first = export_from_the_window(tmp_path / "one")
    second = export_from_the_window(tmp_path / "two")
    code, data, stderr = ci_run(env, tmp_path / "ci")
    assert code == 0, stderr
    assert first == second == exported_fingerprint(tmp_path / "ci") == key.fingerprint
    assert data["signing"]["fingerprint"] == key.fingerprint
    assert data["signing"]["one_off"] is False
    report = json.loads((tmp_path / "ci" / bundle.REPORT_JSON).read_text(encoding="utf-8"))
    assert report["tester"]["name"] == "Анна Коваленко"  # the settings' tester, in CI too
    assert report["signing"]["identity"] == "anna@foryou.example"


@pytest.mark.slow
def test_without_a_keychain_amogui_keeps_one_key_for_the_window_and_ci(
    env: dict[str, str], tmp_path: Path
) -> None:
    keyring.set_keyring(FailKeyring())  # the conftest fixture restores the memory keyring
    env["PYTHON_KEYRING_BACKEND"] = NO_KEYCHAIN
    first = export_from_the_window(tmp_path / "one")
    second = export_from_the_window(tmp_path / "two")
    code, data, stderr = ci_run(env, tmp_path / "ci", "--tester", TESTER)
    assert code == 0, stderr
    assert first == second == exported_fingerprint(tmp_path / "ci")
    assert "ONE-OFF" not in stderr and data["signing"]["one_off"] is False
    assert keys.generated_key_path().is_file()
    report = json.loads((tmp_path / "ci" / bundle.REPORT_JSON).read_text(encoding="utf-8"))
    assert report["tester"] == {
        "name": "Анна Коваленко",
        "email": "anna@foryou.example",
        "role": "",
    }


@pytest.mark.slow
def test_a_key_from_the_environment_with_its_passphrase(
    env: dict[str, str], tmp_path: Path
) -> None:
    key = keys.generate("ci@foryou.example")
    path = tmp_path / "ci_key"
    passphrase = "ci-pa55phrase-from-a-secret-store"
    keys.write_key_file(key, path, passphrase.encode())
    env.update(AMOGUI_SIGNING_KEY=str(path), AMOGUI_SIGNING_KEY_PASSPHRASE=passphrase)
    env["AMOGUI_TESTER"] = "CI <ci@foryou.example>"
    code, data, stderr = ci_run(env, tmp_path / "ci", "--lang", "uk")
    assert code == 0, stderr
    assert exported_fingerprint(tmp_path / "ci") == key.fingerprint
    assert data["signing"]["language"] == "uk"
    for file in (tmp_path / "ci").iterdir():
        assert passphrase.encode() not in file.read_bytes(), file.name
    assert passphrase not in stderr and passphrase not in json.dumps(data)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--signing-key", "/nowhere/id_ed25519"], "is not a file"),
        (["--tester", "Anna <not an address>"], "is not an e-mail address"),
    ],
)
def test_a_named_key_or_tester_that_cannot_be_used_exits_2_before_any_check(
    env: dict[str, str], tmp_path: Path, args: list[str], said: str
) -> None:
    code, data, stderr = ci_run(env, tmp_path / "ci", *args)
    assert code == 2 and data == {}
    assert said in stderr and "Traceback" not in stderr
    assert not (tmp_path / "ci").exists()


@pytest.mark.slow
def test_a_one_off_key_is_said_in_the_exit_summary(env: dict[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env["XDG_DATA_HOME"] = str(blocker / "data")  # amogui's key can be kept nowhere
    env["PYTHON_KEYRING_BACKEND"] = NO_KEYCHAIN
    code, data, stderr = ci_run(env, tmp_path / "ci")
    assert code == 0, stderr
    assert "signed with a ONE-OFF key" in stderr
    assert data["signing"]["one_off"] is True and data["signing"]["one_off_reason"]
    verify_txt = (tmp_path / "ci" / bundle.VERIFY_TXT).read_text(encoding="utf-8")
    assert "ONE-OFF KEY" in verify_txt
    report = json.loads((tmp_path / "ci" / bundle.REPORT_JSON).read_text(encoding="utf-8"))
    assert report["signing"]["one_off"] is True


def test_the_run_command_documents_the_signing_options() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "amogui", "run", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    for option in ("--signing-key", "--tester", "--lang", "AMOGUI_SIGNING_KEY_PASSPHRASE"):
        assert option in done.stdout, option
