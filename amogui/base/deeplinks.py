"""The facts of the deep link that every layer shares, stated once.

The mobile app registers ``foryoure://``; the backend's callback hands
``foryoure://amo-crm/callback?...`` to it. amogui plays the app, so the IPC protocol, the
OS handler, the parser and the sandbox all use these.
"""

from __future__ import annotations

DEFAULT_SCHEME = "foryoure"
DEFAULT_HOST = "amo-crm"
DEFAULT_PATH = "/callback"
DEFAULT_PREFIX = f"{DEFAULT_SCHEME}://{DEFAULT_HOST}{DEFAULT_PATH}"
# Longest deep link accepted anywhere (argv, IPC, paste box): a real one is ~200
# characters; amoCRM codes are under 1 kB.
MAX_URL = 4096
# `amogui handler selftest` sends <scheme>://<host>/selftest?nonce=... through the OS.
SELFTEST_PATH = "/selftest"
