"""The ``amogui`` command line.

Each sub-command lives in its own module that exposes ``add_arguments(parser)`` and
``run(args) -> int``. Those modules import only the standard library at top level, so
``amogui --version`` and ``--help`` stay instant; heavy imports happen inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence

from amogui import __version__
from amogui.base import argtypes

# When the process got here (a few ms after it started): the window logs its start-up
# times from this.
STARTED = time.perf_counter()

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("amogui.headless", "walk the checklist without a window"),
    "sandbox": ("amogui.sandbox.cli", "run the local admin backend and amoCRM stand-in"),
    "verify": ("amogui.report.cli", "verify a signed report bundle"),
    "handler": ("amogui.desktop.handler_cli", "install, remove or test the OS URL handler"),
    "open-url": ("amogui.desktop.open_url_cli", "hand a deep link to the running amogui"),
    "checklist": ("amogui.checklist.cli", "parse a checklist and print its steps"),
}

WINDOW_MODULE = "amogui.ui.app"


# Global options that take a value: ``amogui --log-level DEBUG run`` names the command
# "run", not "DEBUG".
VALUE_OPTIONS = frozenset({"--profile", "--log-level", "--fault"})


def chosen_command(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line, if any (global options come before it)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--":
            return None
        elif arg in VALUE_OPTIONS:
            skip = True  # its value follows
        elif not arg.startswith("-"):
            return arg
    return None


def _fault_name(text: str) -> str:
    # The fault table loads only when --fault is given: the window's start-up stays lean.
    from amogui.sandbox.faults import fault_name

    return fault_name(text)


def window_option_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the window's own options, in one sentence; None when nothing."""
    if not args.window_faults:
        return None
    if args.command is not None:
        return f"--fault before {args.command!r} applies to the window; give it after the command"
    if not args.sandbox:
        return "--fault only applies with --sandbox (a fresh sandbox for the window)"
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, the other sub-commands' modules are not imported
    (`only=""`: none of them, for the window).

    Their names and one-line help come from COMMANDS, so ``amogui --help`` still lists
    them; importing every sub-command would cost the window's start-up ~0.1 s.
    """
    parser = argparse.ArgumentParser(
        prog="amogui",
        description="Walk the AMO CRM testing checklist against the ForYou backend.",
    )
    parser.add_argument("--version", action="version", version=f"amogui {__version__}")
    parser.add_argument(
        "--sandbox", action="store_true", help="open the window on a fresh in-process sandbox"
    )
    parser.add_argument(
        "--fault",
        action="append",
        dest="window_faults",
        type=_fault_name,
        metavar="NAME",
        help="with --sandbox: switch a sandbox fault on (repeatable; `amogui sandbox --help` "
        "lists them)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        type=argtypes.profile_name,
        help="open the window on this profile",
    )
    parser.add_argument(
        "--log-level",
        type=argtypes.log_level,
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log level of the log file (default INFO) and of stderr (default WARNING)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=help_text)
            continue
        module = importlib.import_module(module_name)
        sub_parser = sub.add_parser(
            name,
            help=help_text,
            description=getattr(module, "DESCRIPTION", help_text),
            epilog=getattr(module, "EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = chosen_command(args_list)
    # The window (no command, or a mistyped one) imports no sub-command module at all.
    parser = build_parser(command if command in COMMANDS else "")
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        if exc.code in (0, None):  # --help, --version
            raise
        # A value its type refused: argparse printed the sentence; exit 2 like every
        # other usage error, returned so callers (and tests) see the code.
        return exc.code if isinstance(exc.code, int) else 2
    problem = window_option_problem(args)
    if problem is not None:
        parser.print_usage(sys.stderr)
        print(f"amogui: error: {problem}", file=sys.stderr)
        return 2
    from amogui.base.logs import setup_logging

    setup_logging(
        args.log_level or "INFO",
        stderr_level=args.log_level or "WARNING",
        defer_file=args.command is None,  # the window opens its log file once it shows
    )
    if args.command is None:
        module = importlib.import_module(WINDOW_MODULE)
    else:
        module = importlib.import_module(COMMANDS[args.command][0])
    args.started = STARTED  # the window logs its start-up times from this
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
