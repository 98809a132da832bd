"""Placeholder while the owning issue is in progress; replaced by its implementation."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    raise SystemExit("amogui: this command is not available yet")
