"""`amogui sandbox`: arguments, --help, and a real foreground run stopped by Ctrl-C."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
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
    assert "127.0.0.1" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sandbox", "--fault", "nope"], "unknown fault nope; known faults: callback-js"),
        (["sandbox", "--leads", "-1"], "cannot be negative"),
        (["sandbox", "--port", "70000"], "between 0 and 65535"),
    ],
)
def test_bad_arguments_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


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
