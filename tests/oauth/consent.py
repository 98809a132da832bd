"""What a tester's browser does on the sandbox's consent page, for the window's tests:
Allow, follow the backend's callback, and read the deep link it leads to (the built-in
stand-in browser's own walk, `amogui.oauth.autobrowser.follow`, off the event loop)."""

from __future__ import annotations

import asyncio


async def allow_and_follow(url: str, prefix: str) -> str | None:
    """The deep link the consent page leads to after Allow; None when there is none."""
    from amogui.oauth.autobrowser import AutobrowserError, follow

    try:
        found = await asyncio.to_thread(follow, url, prefix)
    except AutobrowserError:
        return None
    return found.url
