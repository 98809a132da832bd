"""Whose deep link is it? The rule every amogui endpoint applies to a link from outside.

Several amogui processes may wait for deep links at once (the window, headless runs; see
`amogui.desktop.channels`). A link belongs to the process whose flow it answers: its
``state`` is one of the flows that process started (pending, used or expired: the checks
judge replays and expiry), or it has no state (amoCRM's and the backend's error links
carry none) while one of that process's flows waits for its link. Any other link is
another run's, to be left alone.

Qt-free, and it never raises on any string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote


def link_state(url: str) -> str | None:
    """The ``state`` of a deep link, percent-decoded as the deep-link parser does (a
    ``+`` stays a plus); None when it has none, more than one, or one that does not decode."""
    query = url.partition("#")[0].partition("?")[2]
    states = []
    for pair in query.split("&") if query else []:
        key, _, value = pair.partition("=")
        if _decoded(key) == "state":
            states.append(_decoded(value))
    return states[0] if len(states) == 1 and states[0] else None


def _decoded(text: str) -> str | None:
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return None


class FlowClaims:
    """Decides which deep links belong to this process, from its flow registry.

    `registry` returns the `amogui.oauth.authorize.FlowRegistry` of the process's flows
    (or None before any): a link is ours when its state is one of them, or when it has
    no state and one of our flows waits for its link.
    """

    def __init__(self, registry: Callable[[], Any]) -> None:
        self._registry = registry

    def __call__(self, url: str) -> bool:
        registry = self._registry()
        if registry is None:
            return False
        state = link_state(url)
        if state is None:
            return bool(registry.pending())
        return registry.get(state) is not None


def owns(registry: Any, url: str) -> bool:
    """`FlowClaims` for a registry at hand."""
    return FlowClaims(lambda: registry)(url)
