"""`amogui run` end to end, in a subprocess (the Qt app and qasync loop are per process),
with a temp HOME/XDG, the offscreen platform, and `amogui.oauth.autobrowser` as the
browser command: Allow on the sandbox's consent page, follow the callback, and hand the
deep link to the running amogui with `amogui open-url`, through the single-instance IPC."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from amogui.checks.registry import CHECK_IDS


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = Path(os.environ["HOME"])  # the isolated home of tests/conftest.py
    runtime = Path("/tmp") / f"amogui-t-{os.getpid()}-{tmp_path.name[-12:]}"  # short: socket
    runtime.mkdir(mode=0o700, exist_ok=True)
    out = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AMOGUI_", "BROWSER", "DISPLAY", "WAYLAND"))
    }
    out.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local/state"),
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    return out


@pytest.fixture
def browser() -> str:
    """The autobrowser: consents, follows the callback, runs `amogui open-url -- URL`."""
    return f"{shlex.quote(sys.executable)} -m amogui.oauth.autobrowser"


def amogui(
    env: dict[str, str], *args: str, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amogui", "run", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def summary(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    data = json.loads(proc.stdout)
    assert isinstance(data, dict)
    return data


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in data["checks"]}


@pytest.mark.slow
def test_sandbox_run_passes_every_check(env: dict[str, str], browser: str, tmp_path: Path) -> None:
    report = tmp_path / "report"
    proc = amogui(
        env,
        "--sandbox",
        "--browser",
        browser,
        "--json",
        "--report",
        str(report),
        "--deeplink-timeout",
        "30",
    )
    assert proc.returncode == 0, proc.stderr
    data = summary(proc)
    assert statuses(data) == dict.fromkeys(CHECK_IDS, "passed")
    assert data["verdict"] == "passed" and data["exit_code"] == 0
    assert set(data["counts"]) == {"passed"}
    assert {"run_id", "profile", "base_url", "checks", "run_file", "report"} <= set(data)
    # progress on stderr: one line per check, then the table
    lines = [line for line in proc.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == len(CHECK_IDS)
    assert (report / "report.json").is_file()
    saved = json.loads(Path(data["run_file"]).read_text(encoding="utf-8"))
    assert saved["finished_at"] and not saved["incomplete"]
    # no secret reached the output, the saved run or the report
    for text in (
        proc.stdout,
        proc.stderr,
        Path(data["run_file"]).read_text(encoding="utf-8"),
        (report / "report.json").read_text(encoding="utf-8"),
    ):
        assert "sandbox-anna" not in text and "eyJ" not in text


# A sandbox fault that reproduces a defect -> the check that names it.
FAULTS = {
    "callback-404": "callback.errors",
    "callback-button": "oauth.callback",
    "callback-success-flag": "oauth.deeplink",
    "callback-drops-state": "oauth.deeplink",
    "exchange-no-auth": "exchange.auth",
    "global-tokens": "isolation.user-b",
    "disconnect-noop": "status.after-disconnect",
    "leads-ignore-stage": "leads.filter",
    "status-no-domain": "status.after",
    "errors-500": "status.before",
    "malformed-json": "status.before",
}
# Checks that fail together with the named one, for the same defect.
RELATED = {
    "callback-404": {"oauth.deeplink", "oauth.callback"},
    "callback-button": {"exchange.code"},
    # Its pipelines read user A's own token, which the flow never stored: 500.
    "callback-success-flag": {"oauth.callback", "status.after", "leads.filter"},
    "callback-drops-state": {"oauth.callback"},
    "global-tokens": {"status.after-disconnect"},
}


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_defect_fault_exits_1(env: dict[str, str], browser: str, fault: str) -> None:
    proc = amogui(
        env,
        "--sandbox",
        "--fault",
        fault,
        "--browser",
        browser,
        "--json",
        "--deeplink-timeout",
        "5",
    )
    assert proc.returncode == 1, proc.stderr
    got = statuses(summary(proc))
    assert got[FAULTS[fault]] == "failed"
    failed = {c for c, s in got.items() if s == "failed"}
    if fault not in ("errors-500", "malformed-json"):  # those break every endpoint
        assert failed == {FAULTS[fault]} | RELATED.get(fault, set())


def test_without_a_browser_the_oauth_leg_is_skipped_and_the_run_fails(
    env: dict[str, str],
) -> None:
    proc = amogui(env, "--sandbox", "--json")
    assert proc.returncode == 1, proc.stderr  # a run that never tried the leg proves nothing
    got = statuses(summary(proc))
    assert got["status.before"] == got["exchange.auth"] == got["callback.errors"] == "passed"
    assert got["leads.load"] == "passed"  # the leads need no connection to be read
    assert got["oauth.deeplink"] == got["exchange.code"] == got["status.after"] == "skipped"
    assert "no browser command" in proc.stderr


@pytest.mark.slow
def test_callback_404_ends_the_leg_in_seconds(env: dict[str, str], browser: str) -> None:
    """With the default five-minute deep-link wait: the run ends once the callback is
    known to lead nowhere (the subprocess would time out otherwise)."""
    proc = amogui(env, "--sandbox", "--fault", "callback-404", "--browser", browser, "--json",
                  timeout=120)  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    got = statuses(summary(proc))
    assert got["oauth.deeplink"] == "failed"
    assert "the callback answers 404" in proc.stderr
    assert "amogui run: The OAuth leg is over" in proc.stderr


def test_only_and_answers(env: dict[str, str], tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("s1:\n  verdict: failed\n  note: seen by hand\n", encoding="utf-8")
    proc = amogui(
        env,
        "--sandbox",
        "--json",
        "--only",
        "status.before,exchange.auth",
        "--answers",
        str(answers),
    )
    assert proc.returncode == 0, proc.stderr
    data = summary(proc)
    assert [c["id"] for c in data["checks"]] == ["status.before", "exchange.auth"]
    assert data["manual"] == {"s1": {"verdict": "failed", "note": "seen by hand"}}
    saved = json.loads(Path(data["run_file"]).read_text(encoding="utf-8"))
    assert saved["steps"]["s1"]["manual"] == "failed"
    assert saved["checks"]["status.before"]["status"] == "passed"  # automatic kept apart


@pytest.mark.parametrize(
    ("args", "environ", "sentence"),
    [
        (["--only", "no.such-check"], {}, "unknown check no.such-check"),
        (["--fault", "jwt-403"], {}, "--fault only applies with --sandbox"),
        (["--sandbox", "--fault", "nope"], {}, "unknown fault nope"),
        (["--checklist", "/nonexistent/list.md"], {}, "/nonexistent/list.md"),
        (["--profile", "Nope"], {}, "There is no profile 'Nope'"),
        (["--base-url", "http://127.0.0.1:9"], {}, "No token for user A"),
        (
            ["--base-url", "http://127.0.0.1:9"],
            {"AMOGUI_TOKEN_A": "junk"},
            "AMOGUI_TOKEN_A is not a JWT",
        ),
        (
            ["--base-url", "http://127.0.0.1:9"],
            {"AMOGUI_TOKEN_A": "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEifQ.c2lnbmF0dXJl"},
            "cannot be reached",
        ),
        (["--sandbox", "--answers", "/nonexistent.yaml"], {}, "Cannot read the answers file"),
        (["--sandbox", "--deeplink-timeout", "0"], {}, "0 seconds is too short"),
    ],
)
def test_configuration_errors_exit_2(
    env: dict[str, str], args: list[str], environ: dict[str, str], sentence: str
) -> None:
    proc = amogui({**env, **environ}, *args, "--json")
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert sentence in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "junk" not in proc.stderr


def test_bad_answers_exit_2(env: dict[str, str], tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"s1": {"verdict": "maybe"}}), encoding="utf-8")
    proc = amogui(env, "--sandbox", "--answers", str(answers))
    assert proc.returncode == 2
    assert "verdict 'maybe'" in proc.stderr


@pytest.mark.slow
def test_ctrl_c_writes_an_incomplete_report(env: dict[str, str], tmp_path: Path) -> None:
    import signal

    report = tmp_path / "report"
    # A browser that opens nothing: the run waits for a deep link that never comes.
    args = [
        sys.executable,
        "-m",
        "amogui",
        "run",
        "--sandbox",
        "--json",
        "--browser",
        "true",
        "--deeplink-timeout",
        "120",
        "--report",
        str(report),
    ]
    with subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stderr is not None and proc.stdout is not None
        seen = []
        for line in proc.stderr:
            seen.append(line)
            if "oauth.authorize-url" in line:
                break
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, "".join(seen) + err
    data = json.loads(out)
    assert data["verdict"] == "incomplete" and data["incomplete"] is True
    assert statuses(data)["oauth.deeplink"] == "not-run"
    assert statuses(data)["status.before"] == "passed"
    bundle = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert bundle["incomplete"] is True or bundle.get("verdict") == "incomplete"


# -- hardening: the built-in browser, a window open meanwhile, reports that cannot be written --


@pytest.mark.slow
def test_browser_auto_passes_from_a_shell_without_the_venv(
    env: dict[str, str], tmp_path: Path
) -> None:
    """`--browser auto` runs in process: no `python` on PATH, nothing like `python -m`."""
    script = Path(sys.executable).with_name("amogui")
    if not script.exists():
        pytest.skip("amogui is not installed as a console script in this environment")
    bare = {**env, "PATH": "/usr/bin:/bin"}
    bare.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [
            str(script),
            "run",
            "--sandbox",
            "--browser",
            "auto",
            "--json",
            "--deeplink-timeout",
            "30",
        ],
        env=bare,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert statuses(summary(proc)) == dict.fromkeys(CHECK_IDS, "passed")


@pytest.mark.slow
def test_a_run_while_the_window_is_open_gets_its_own_deep_link(
    env: dict[str, str], browser: str, qtbot: Any
) -> None:
    """The window's endpoint is alive (here: one whose flows never match); the run listens
    on its own, the stand-in browser offers the link to both, and only the run takes it."""
    from amogui.desktop.ipc import IPCServer
    from amogui.desktop.ipc_client import server_name

    os.environ["XDG_RUNTIME_DIR"] = env["XDG_RUNTIME_DIR"]  # the child's socket folder
    try:
        window = IPCServer(server_name(), claims=lambda url: False)
    finally:
        del os.environ["XDG_RUNTIME_DIR"]
    window.listen()
    declined: list[str] = []
    window.url_declined.connect(lambda url, via: declined.append(url))
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "amogui",
                "run",
                "--sandbox",
                "--browser",
                browser,
                "--json",
                "--deeplink-timeout",
                "30",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=180_000)
        out, err = proc.communicate()
        # The window's answer to the offer may still be queued when the run has ended.
        qtbot.waitUntil(lambda: len(declined) >= 1, timeout=10_000)
    finally:
        window.shutdown()
    assert proc.returncode == 0, err
    assert statuses(json.loads(out)) == dict.fromkeys(CHECK_IDS, "passed")
    assert len(declined) == 1  # offered to the window too, which left it alone
    assert "the OAuth checks are skipped" not in err


def test_an_unwritable_report_folder_fails_before_the_run(
    env: dict[str, str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    proc = amogui(env, "--sandbox", "--report", str(blocker / "report"))
    assert proc.returncode == 2
    assert "argument --report" in proc.stderr and "is a file" in proc.stderr
    assert "sandbox at" not in proc.stderr  # nothing ran


def test_a_report_that_cannot_be_written_after_the_run_exits_1(
    env: dict[str, str], tmp_path: Path
) -> None:
    # The disk fills up while the checks run: the export fails with ENOSPC.
    (tmp_path / "sitecustomize.py").write_text(
        "import errno, os\n"
        "import amogui.report.export as export\n"
        "def full(*a, **k):\n"
        "    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
        "export.export_bundle = full\n",
        encoding="utf-8",
    )
    child = {**env, "PYTHONPATH": os.pathsep.join([str(tmp_path), env["PYTHONPATH"]])}
    proc = amogui(
        child, "--sandbox", "--only", "status.before", "--json", "--report", str(tmp_path / "r")
    )
    assert proc.returncode == 1, proc.stderr
    assert "the report could not be written" in proc.stderr
    data = summary(proc)
    assert data["exit_code"] == 1 and data["report"] is None
    assert statuses(data)["status.before"] == "passed"  # the checks themselves passed


def test_global_options_come_before_the_command(env: dict[str, str]) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "amogui",
            "--log-level",
            "DEBUG",
            "run",
            "--sandbox",
            "--only",
            "status.before",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert statuses(summary(proc)) == {"status.before": "passed"}
