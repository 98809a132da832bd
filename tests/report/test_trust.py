"""Trust files: where they are, what a principal may hold, trusting a signer, inert text."""

from __future__ import annotations

from pathlib import Path

import pytest

from amogui.base import paths
from amogui.report import keys, sshsig
from amogui.report.trust import (
    TrustError,
    default_trust_file,
    inert,
    load_trust,
    parse_trust_file,
    principal_problem,
    team_trust_file,
    trust_files,
    trust_signer,
)


def test_default_trust_file_is_in_the_config_dir() -> None:
    assert default_trust_file() == paths.config_dir() / "allowed_signers"


def test_team_file_is_next_to_the_checklist_file(tmp_path: Path) -> None:
    assert team_trust_file(str(tmp_path / "qa" / "check.md")) == tmp_path / "qa" / "allowed_signers"
    assert team_trust_file("bundled:amo-crm-testing-checklist.uk.md") is None
    assert team_trust_file(None) is None


def test_trust_files_explicit_alone_else_the_existing_default_and_team(tmp_path: Path) -> None:
    explicit = tmp_path / "mine"
    assert trust_files(explicit, str(tmp_path / "c.md")) == [explicit]
    assert trust_files(None, str(tmp_path / "c.md")) == []  # neither exists yet
    key = keys.generate("a@x.example")
    trust_signer("a@x.example", key.public_key)
    trust_signer("a@x.example", key.public_key, tmp_path / "allowed_signers")
    assert trust_files(None, str(tmp_path / "c.md")) == [
        default_trust_file(),
        tmp_path / "allowed_signers",
    ]


def test_trusting_a_signer_writes_an_allowed_signers_line_once(tmp_path: Path) -> None:
    key = keys.generate("a@x.example")
    path = tmp_path / "allowed_signers"
    path.write_text("# the team\nold@x.example ssh-ed25519 " + key.public_line().split()[1])
    trust_signer("anna@foryou.example", key.public_key, path)
    trust_signer("anna@foryou.example", key.public_key, path)  # no duplicate
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# the team\nold@x.example")  # what was there is kept
    assert text.count("anna@foryou.example") == 1
    assert f"# added by amogui: {key.fingerprint}" in text
    signers = parse_trust_file(text)
    assert signers[-1].principals == ("anna@foryou.example",)
    assert signers[-1].namespaces == (sshsig.NAMESPACE,)


@pytest.mark.parametrize(
    "principal",
    ["", "anna foryou", "anna@x.example,eve@x.example", "<b>a</b>", "a\n@x", "*@x.example", '"a"'],
)
def test_trusting_refuses_a_principal_that_is_not_plain(tmp_path: Path, principal: str) -> None:
    key = keys.generate("x")
    with pytest.raises(TrustError, match="may hold only"):
        trust_signer(principal, key.public_key, tmp_path / "s")
    assert not (tmp_path / "s").exists()


def test_trusting_refuses_to_extend_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "s"
    path.write_text("a@x.example ssh-ed25519 @@@\n")
    with pytest.raises(TrustError, match="fix it first"):
        trust_signer("a@x.example", keys.generate("x").public_key, path)
    assert path.read_text() == "a@x.example ssh-ed25519 @@@\n"


def test_patterns_are_allowed_in_trust_files_but_not_markup() -> None:
    assert principal_problem("*@foryou.example", pattern=True) is None
    assert principal_problem("*@foryou.example") is not None
    key = keys.generate("x").public_line().split()[1]
    with pytest.raises(sshsig.SignatureError, match="may hold only"):
        parse_trust_file(f"<i>a</i>@x.example ssh-ed25519 {key}\n")


def test_load_trust_keeps_good_files_and_names_bad_ones(tmp_path: Path) -> None:
    key = keys.generate("a@x.example")
    good, bad, missing = tmp_path / "good", tmp_path / "bad", tmp_path / "missing"
    trust_signer("a@x.example", key.public_key, good)
    bad.write_bytes(b"\xff\xfe")
    trusted = load_trust([good, bad, missing])
    assert trusted.sources == [good]
    assert len(trusted.problems) == 2
    found = trusted.find(key.public_key)
    assert found is not None and found.source == good
    assert trusted.find(key.public_key, identity="b@x.example") is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("line\nnext\r", "line\\x0anext\\x0d"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("bell\x07 del\x7f c1\x9b", "bell\\x07 del\\x7f c1\\x9b"),
        ("Олена ✅", "Олена ✅"),
    ],
)
def test_inert_makes_control_characters_visible(text: str, shown: str) -> None:
    assert inert(text) == shown


def test_inert_bounds_the_length() -> None:
    assert inert("x" * 500, 10) == "x" * 9 + "…"
