"""Core texts shown in the window, translated: what each sandbox fault does, amogui's own
notes. The core still hands these over as plain English; the strings are repeated here,
marked for extraction, and looked up by their English text (tests check this list against
the core, so a changed text in the core cannot silently fall back to English). What each
check proves is declared and marked once, in `amogui.checks.registry`, and looked up the
same way; once the core marks the rest itself (`amogui.base.i18n`), this module can go."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FAULT_TEXTS: dict[str, object] = {
    "callback-js": QT_TRANSLATE_NOOP(
        "CoreText", "callback v2: 200 HTML page that redirects with JavaScript (link fallback)"
    ),
    "callback-button": QT_TRANSLATE_NOOP(
        "CoreText",
        "callback v3: the callback exchanges the code itself (global token), then a 200 page "
        "with a 'return to app' button carrying the already-used code",
    ),
    "callback-success-flag": QT_TRANSLATE_NOOP(
        "CoreText",
        "callback v4: as callback-button, but the deep link is ?success=true&state=... (no code)",
    ),
    "global-status": QT_TRANSLATE_NOOP(
        "CoreText",
        "status v5: a user without tokens falls back to the global token (looks "
        "connected, also after disconnect)",
    ),
    "callback-404": QT_TRANSLATE_NOOP(
        "CoreText", "the callback route is missing (Express 404 page)"
    ),
    "callback-drops-state": QT_TRANSLATE_NOOP(
        "CoreText", "the callback's deep link has no state parameter"
    ),
    "jwt-403": QT_TRANSLATE_NOOP(
        "CoreText", "a bad or expired JWT gives 403 {message: 'Invalid token: ...'} instead of 401"
    ),
    "exchange-no-auth": QT_TRANSLATE_NOOP(
        "CoreText", "exchange-code accepts a request without an Authorization header"
    ),
    "global-tokens": QT_TRANSLATE_NOOP(
        "CoreText",
        "exchange-code stores tokens with user_id NULL and status reads any token (no isolation)",
    ),
    "disconnect-noop": QT_TRANSLATE_NOOP(
        "CoreText", "disconnect answers success but deletes nothing"
    ),
    "leads-ignore-stage": QT_TRANSLATE_NOOP("CoreText", "/api/v1/leads ignores the stageId filter"),
    "status-no-domain": QT_TRANSLATE_NOOP(
        "CoreText", "status answers without domain and accountId (null) even when connected"
    ),
    "slow": QT_TRANSLATE_NOOP(
        "CoreText", "every backend response is delayed (--delay seconds, default 2)"
    ),
    "errors-500": QT_TRANSLATE_NOOP(
        "CoreText",
        "status, exchange-code, disconnect, pipelines and leads answer 500 "
        "(login and callback stay intact)",
    ),
    "html-errors": QT_TRANSLATE_NOOP(
        "CoreText", "backend error responses are text/html pages instead of JSON"
    ),
    "malformed-json": QT_TRANSLATE_NOOP(
        "CoreText",
        "successful JSON answers of the amo-crm and leads routes are cut short (invalid JSON)",
    ),
    "amocrm-code-reuse": QT_TRANSLATE_NOOP(
        "CoreText", "amoCRM's token endpoint accepts an authorization code more than once"
    ),
    "status-connected-null": QT_TRANSLATE_NOOP(
        "CoreText",
        "status v5: with no token at all, status answers connected: null and hasTokens: "
        "false (the app shows 'not connected')",
    ),
    "version-4": QT_TRANSLATE_NOOP(
        "CoreText",
        "the backend's version 4 whole: the callback exchanges the code itself into a global "
        "token and the deep link says ?success=true (no code); user A stays connected: false "
        "and pipelines answer 500",
    ),
    "version-5": QT_TRANSLATE_NOOP(
        "CoreText",
        "the backend's version 5 whole: as version-4, and status falls back to the global "
        "token, so every user (user B too) reads connected, also after disconnect; with no "
        "token at all status says connected: null",
    ),
    "pipelines-admin-only": QT_TRANSLATE_NOOP(
        "CoreText",
        "pipelines as the checklist's backend serves them: admins only (a BROKER gets 403 "
        "'Forbidden: Admin access required'), read with the global token, in amoCRM's own "
        "shape (stages under _embedded.statuses, not stages)",
    ),
    "rate-limit": QT_TRANSLATE_NOOP(
        "CoreText",
        "the backend's API answers 429 with Retry-After beyond --rate requests per second "
        "(default 7, amoCRM's own limit; the callback a browser opens is not limited); "
        "amogui slows down instead of failing",
    ),
}

# amogui.sandbox.faults: the kinds of switch and what a switch needs or turns on.
FAULT_KIND_TEXTS: tuple[object, ...] = (
    QT_TRANSLATE_NOOP("CoreText", "DEFECT: a check must fail and name it"),
    QT_TRANSLATE_NOOP(
        "CoreText", "HARMLESS VARIATION of the real backend: the checks pass and name it"
    ),
    QT_TRANSLATE_NOOP("CoreText", "HARMLESS CONDITION: the checks pass"),
    QT_TRANSLATE_NOOP("CoreText", "shows only together with: {names}"),
    QT_TRANSLATE_NOOP("CoreText", "turns on: {names}"),
)


# amogui.checks.diagnose.OWN_NOTES, every title, symptom and solution, in order (the notes
# added last wait for the catalogues, which are maintained apart, to take them in).
OWN_NOTE_TEXTS: tuple[object, ...] = (
    QT_TRANSLATE_NOOP("CoreText", "The leads list does not apply the stage filter"),
    QT_TRANSLATE_NOOP("CoreText", "A stage filter returns leads of other stages."),
    QT_TRANSLATE_NOOP("CoreText", "The stage totals do not add up to the number of leads."),
    QT_TRANSLATE_NOOP(
        "CoreText", "Check that GET /api/v1/leads passes stageId and status on to its query."
    ),
    QT_TRANSLATE_NOOP("CoreText", "Compare with amoCRM's own filter by status for the same stage."),
    QT_TRANSLATE_NOOP("CoreText", "The leads list is not paged consistently"),
    QT_TRANSLATE_NOOP("CoreText", "Leads are missing from the pages or appear on more than one."),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Check the page and limit handling of GET /api/v1/leads and the total it reports.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "Status says connected but leaves out the account"),
    QT_TRANSLATE_NOOP("CoreText", "connected is true while domain or accountId is missing."),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Return the domain and accountId saved with the user's tokens from the status route.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "The backend fails with a server error"),
    QT_TRANSLATE_NOOP("CoreText", "The route answers 5xx instead of its JSON."),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Read the backend's log for the request at that time; the evidence has its id.",
    ),
    QT_TRANSLATE_NOOP("CoreText", "The backend answers something other than JSON"),
    QT_TRANSLATE_NOOP(
        "CoreText", "An HTML page, plain text or cut-off JSON where the route promises JSON."
    ),
    QT_TRANSLATE_NOOP(
        "CoreText",
        "Make the route's error handler answer JSON (message, statusCode) for API routes.",
    ),
    QT_TRANSLATE_NOOP(
        "CoreText", "Check that nothing in front of the backend (proxy, size limit) cuts the body."
    ),
)


def core_text(text: str) -> str:
    """The translation of a core text, or the text itself when the catalogue has none."""
    return QCoreApplication.translate("CoreText", text)


def fault_tip(name: str) -> str:
    """A sandbox switch for the header's tooltip: its name, what it does and whether it is
    a defect or a harmless variation, translated."""
    from amogui.sandbox.faults import FAULT_TABLE, describe

    if name not in FAULT_TABLE:
        return name
    return f"{name}: {describe(name, core_text)}"
