"""`amogui sandbox`: arguments, --help, and a real foreground run stopped by Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import httpx
import pytest

from amogui import cli
from amogui.sandbox import FAULTS
from amogui.sandbox import cli as sandbox_cli

PYTHON = sys.executable
AS_FROM_A_TERMINAL = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'amogui'; runpy.run_module('amogui', run_name='__main__', alter_sys=True)"
)


def test_arguments_and_defaults() -> None:
    args = cli.build_parser().parse_args(
        ["sandbox", "--fault", "slow", "--fault", "jwt-403", "--leads", "5", "--port", "0"]
    )
    assert args.command == "sandbox"
    assert args.fault == ["slow", "jwt-403"] and args.leads == 5
    defaults = cli.build_parser().parse_args(["sandbox"])
    assert defaults.host == "127.0.0.1" and defaults.leads == 300 and defaults.fault == []


def test_help_documents_every_fault(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["sandbox", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in FAULTS:
        assert f"  {name} " in out
    assert "127.0.0.1" in out and "--expose" in out


def test_help_says_which_switches_are_defects_and_which_harmless(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from amogui.sandbox.faults import FAULT_TABLE, KIND_LABELS

    with pytest.raises(SystemExit):
        cli.main(["sandbox", "--help"])
    out = capsys.readouterr().out
    # Each switch is listed under the heading of its kind.
    headings = {kind: out.index(f"{label}:") for kind, label in KIND_LABELS.items()}
    order = sorted(headings, key=headings.__getitem__)
    for name, fault in FAULT_TABLE.items():
        at = out.index(f"  {name} ")
        section = max((k for k in order if headings[k] < at), key=headings.__getitem__)
        assert section is fault.kind, name
    flowing = " ".join(out.split())  # as read, whatever the line breaks
    assert "shows only together with: callback-button, callback-success-flag" in flowing
    assert "turns on: version-4, global-status, status-connected-null" in flowing


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sandbox", "--fault", "nope"], "unknown fault nope; known faults: callback-js"),
        (["sandbox", "--leads", "-1"], "cannot be negative"),
        (["sandbox", "--port", "70000"], "between 0 and 65535"),
        (["sandbox", "--delay", "nan"], "argument --delay: must be 0 or more seconds: 'nan'"),
        (["sandbox", "--delay", "-1"], "argument --delay: must be 0 or more seconds: '-1'"),
        (["sandbox", "--delay", "soon"], "argument --delay: not a number of seconds: 'soon'"),
        (["sandbox", "--rate", "0"], "argument --rate: must be a positive number"),
        (["sandbox", "--rate", "inf"], "argument --rate: must be a positive number"),
        (
            ["sandbox", "--host", "0.0.0.0"],  # noqa: S104 - refused, never bound
            "--host 0.0.0.0 would make the sandbox reachable from the network",
        ),
        (["sandbox", "--host", "192.0.2.7"], "add --expose if that is meant"),
    ],
)
def test_bad_arguments_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse refuses a value itself
        code = int(exc.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_an_unusable_database_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_db = tmp_path / "junk.db"
    not_a_db.write_bytes(b"this is not SQLite, " * 100)
    cases = {
        str(tmp_path): "is a directory, not a database file",
        str(tmp_path / "missing" / "state.db"): "does not exist",
        str(not_a_db): "cannot be used as the sandbox's database: file is not a database",
    }
    for path, message in cases.items():
        assert cli.main(["sandbox", "--db", path]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_another_host_with_expose_warns_about_the_demo_credentials(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: list[object] = []
    monkeypatch.setattr(sandbox_cli, "_serve", lambda config: served.append(config) or 0)
    argv = ["sandbox", "--host", "0.0.0.0", "--expose"]  # noqa: S104 - not bound: _serve is faked
    assert cli.main(argv) == 0
    err = capsys.readouterr().err
    assert "warning: the sandbox listens on 0.0.0.0, beyond this machine" in err
    assert "passwords are published" in err
    assert [getattr(c, "host", None) for c in served] == ["0.0.0.0"]  # noqa: S104


def test_loopback_needs_no_expose_and_gives_no_warning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sandbox_cli, "_serve", lambda config: 0)
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        assert cli.main(["sandbox", "--host", host]) == 0
    assert "warning" not in capsys.readouterr().err


def test_a_sandbox_starts_with_no_fault_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    served: list[object] = []
    monkeypatch.setattr(sandbox_cli, "_serve", lambda config: served.append(config) or 0)
    assert cli.main(["sandbox"]) == 0
    assert cli.main(["sandbox", "--fault", "version-5", "--rate", "3", "--delay", "0.5"]) == 0
    first, second = served
    assert getattr(first, "faults", None) == frozenset()
    assert getattr(second, "faults", None) == {"version-5"}
    assert (getattr(second, "rate", None), getattr(second, "delay", None)) == (3.0, 0.5)


def test_the_summary_names_each_fault_with_its_kind() -> None:
    from amogui.sandbox import Sandbox, SandboxConfig

    sandbox = Sandbox(SandboxConfig(faults=frozenset({"version-4", "jwt-403", "global-status"})))
    line = sandbox_cli._faults_line(sandbox)
    assert "version-4 (defect)" in line and "jwt-403 (variation)" in line
    assert "turned on by a preset: callback-success-flag" in line
    assert sandbox_cli._faults_line(Sandbox(SandboxConfig())) == "none"
    alone = Sandbox(SandboxConfig(faults=frozenset({"global-status"})))
    assert "changes nothing alone: global-status" in sandbox_cli._faults_line(alone)


def test_the_command_module_imports_only_the_standard_library() -> None:
    code = (
        "import sys; import amogui.sandbox.cli; "
        "heavy = {'starlette', 'uvicorn', 'httpx'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert sandbox_cli.EPILOG.startswith("faults")


def _lines(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line)


def _read_until(lines: queue.Queue[str], marker: str) -> list[str]:
    seen: list[str] = []
    while True:
        line = lines.get(timeout=60)  # raises queue.Empty if the command hangs
        seen.append(line.rstrip("\n"))
        if marker in line:
            return seen


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_foreground_run_prints_urls_and_stops_cleanly(stop_signal: int) -> None:
    # As started from a terminal: Ctrl-C at its default. A background job of a shell script
    # (`cmd &`, as harnesses start things) would hand the child SIGINT *ignored*.
    command = [PYTHON, "-c", AS_FROM_A_TERMINAL, "sandbox", "--leads", "10", "--fault", "jwt-403"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True)
        reader.start()
        try:
            summary = _read_until(lines, "Ctrl-C")
            fields = dict(line.split(None, 1) for line in summary if line.startswith(("admin",)))
            backend = summary[0].split()[-1]
            assert backend.startswith("http://127.0.0.1:")
            assert any(line.startswith("authorize URL   http://127.0.0.1:") for line in summary)
            assert any("jwt-403" in line for line in summary)
            assert any("anna@sandbox.test" in line and "password" in line for line in summary)
            assert fields
            with httpx.Client() as client:
                assert client.get(f"{backend}/api/amo-crm/status").status_code == 401
            proc.send_signal(stop_signal)
            assert proc.wait(timeout=60) == 0
            reader.join(timeout=10)
            rest = []
            while not lines.empty():
                rest.append(lines.get())
            assert "sandbox stopped" in "".join(rest)
            # Each request is echoed, redacted.
            assert "backend GET /api/amo-crm/status -> 401" in "".join(rest)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.stderr is not None
        err = proc.stderr.read()
    assert "Traceback" not in err
