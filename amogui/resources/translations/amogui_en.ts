<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Autosaver</name>
    <message>
        <source>Could not save the run: {err}.</source>
        <translation>Could not save the run: {err}.</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>{decided} of {total} decided</source>
        <translation>{decided} of {total} decided</translation>
    </message>
    <message>
        <source>, {n} failed</source>
        <translation>, {n} failed</translation>
    </message>
    <message>
        <source>, {n} blocked</source>
        <translation>, {n} blocked</translation>
    </message>
    <message>
        <source>Step {n}: {title}</source>
        <translation>Step {n}: {title}</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>Possible problems</source>
        <translation>Possible problems</translation>
    </message>
    <message>
        <source>Problem {n}: {title}</source>
        <translation>Problem {n}: {title}</translation>
    </message>
    <message>
        <source>Success criteria</source>
        <translation>Success criteria</translation>
    </message>
    <message>
        <source> (manual)</source>
        <translation> (manual)</translation>
    </message>
</context>
<context>
    <name>ChecksController</name>
    <message>
        <source>Checks are already running.</source>
        <translation>Checks are already running.</translation>
    </message>
    <message>
        <source>No target yet: choose a profile (Settings) or wait for the sandbox.</source>
        <translation>No target yet: choose a profile (Settings) or wait for the sandbox.</translation>
    </message>
    <message>
        <source>Running checks...</source>
        <translation>Running checks...</translation>
    </message>
    <message>
        <source>Cancelling the checks...</source>
        <translation>Cancelling the checks...</translation>
    </message>
    <message>
        <source>User {user}: {text}</source>
        <translation>User {user}: {text}</translation>
    </message>
    <message>
        <source>Checks done: {p} passed, {f} failed, {b} blocked, {s} skipped</source>
        <translation>Checks done: {p} passed, {f} failed, {b} blocked, {s} skipped</translation>
    </message>
    <message>
        <source>No profile is active.</source>
        <translation>No profile is active.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect AMO CRM</source>
        <translation>Connect AMO CRM</translation>
    </message>
    <message>
        <source>amogui opens amoCRM's consent page in your browser. Choose the account and allow access; the backend's callback sends the browser back to amogui through the deep link.</source>
        <translation>amogui opens amoCRM's consent page in your browser. Choose the account and allow access; the backend's callback sends the browser back to amogui through the deep link.</translation>
    </message>
    <message>
        <source>Waiting for the flow to start...</source>
        <translation>Waiting for the flow to start...</translation>
    </message>
    <message>
        <source>Browser did not come back? &amp;Paste the deep link here:</source>
        <translation>Browser did not come back? &amp;Paste the deep link here:</translation>
    </message>
    <message>
        <source>Use this link</source>
        <translation>Use this link</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Authorize URL</source>
        <translation>Authorize URL</translation>
    </message>
    <message>
        <source>Cancel the flow</source>
        <translation>Cancel the flow</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Deep link received.</source>
        <translation>Deep link received.</translation>
    </message>
    <message>
        <source>Waiting for the deep link: {m}:{s:02d} left</source>
        <translation>Waiting for the deep link: {m}:{s:02d} left</translation>
    </message>
    <message>
        <source>Rejected: {reason}</source>
        <translation>Rejected: {reason}</translation>
    </message>
    <message>
        <source>pasted link rejected: {r}</source>
        <translation>pasted link rejected: {r}</translation>
    </message>
    <message>
        <source>Accepted; handed to the waiting flow.</source>
        <translation>Accepted; handed to the waiting flow.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelled.</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <source>status answers 200 with a well-formed body before connecting</source>
        <translation>status answers 200 with a well-formed body before connecting</translation>
    </message>
    <message>
        <source>the authorize URL has client_id, state and mode</source>
        <translation>the authorize URL has client_id, state and mode</translation>
    </message>
    <message>
        <source>the backend callback turns code+state into the deep link</source>
        <translation>the backend callback turns code+state into the deep link</translation>
    </message>
    <message>
        <source>the deep link reached amogui; scheme, path, state (same, single use), code</source>
        <translation>the deep link reached amogui; scheme, path, state (same, single use), code</translation>
    </message>
    <message>
        <source>exchange-code with the user's JWT succeeds</source>
        <translation>exchange-code with the user's JWT succeeds</translation>
    </message>
    <message>
        <source>exchange-code without JWT is 401, with a bad JWT 401 or 403</source>
        <translation>exchange-code without JWT is 401, with a bad JWT 401 or 403</translation>
    </message>
    <message>
        <source>connected, hasTokens, domain and accountId present and plausible</source>
        <translation>connected, hasTokens, domain and accountId present and plausible</translation>
    </message>
    <message>
        <source>a second user does not see the first user's connection</source>
        <translation>a second user does not see the first user's connection</translation>
    </message>
    <message>
        <source>leads load (all pages)</source>
        <translation>leads load (all pages)</translation>
    </message>
    <message>
        <source>every stage filter returns only leads of that stage; counts add up</source>
        <translation>every stage filter returns only leads of that stage; counts add up</translation>
    </message>
    <message>
        <source>disconnect answers success</source>
        <translation>disconnect answers success</translation>
    </message>
    <message>
        <source>the user is no longer connected; the second user is unchanged</source>
        <translation>the user is no longer connected; the second user is unchanged</translation>
    </message>
    <message>
        <source>callback without code or with amoCRM's error gives an error deep link, never 404</source>
        <translation>callback without code or with amoCRM's error gives an error deep link, never 404</translation>
    </message>
    <message>
        <source>callback v2: 200 HTML page that redirects with JavaScript (link fallback)</source>
        <translation>callback v2: 200 HTML page that redirects with JavaScript (link fallback)</translation>
    </message>
    <message>
        <source>callback v3: the callback exchanges the code itself (global token), then a 200 page with a 'return to app' button carrying the already-used code</source>
        <translation>callback v3: the callback exchanges the code itself (global token), then a 200 page with a 'return to app' button carrying the already-used code</translation>
    </message>
    <message>
        <source>callback v4: as callback-button, but the deep link is ?success=true&amp;state=... (no code)</source>
        <translation>callback v4: as callback-button, but the deep link is ?success=true&amp;state=... (no code)</translation>
    </message>
    <message>
        <source>status v5: a user without tokens falls back to the global token (looks connected, also after disconnect)</source>
        <translation>status v5: a user without tokens falls back to the global token (looks connected, also after disconnect)</translation>
    </message>
    <message>
        <source>the callback route is missing (Express 404 page)</source>
        <translation>the callback route is missing (Express 404 page)</translation>
    </message>
    <message>
        <source>the callback's deep link has no state parameter</source>
        <translation>the callback's deep link has no state parameter</translation>
    </message>
    <message>
        <source>a bad or expired JWT gives 403 {message: 'Invalid token: ...'} instead of 401</source>
        <translation>a bad or expired JWT gives 403 {message: 'Invalid token: ...'} instead of 401</translation>
    </message>
    <message>
        <source>exchange-code accepts a request without an Authorization header</source>
        <translation>exchange-code accepts a request without an Authorization header</translation>
    </message>
    <message>
        <source>exchange-code stores tokens with user_id NULL and status reads any token (no isolation)</source>
        <translation>exchange-code stores tokens with user_id NULL and status reads any token (no isolation)</translation>
    </message>
    <message>
        <source>disconnect answers success but deletes nothing</source>
        <translation>disconnect answers success but deletes nothing</translation>
    </message>
    <message>
        <source>/api/v1/leads ignores the stageId filter</source>
        <translation>/api/v1/leads ignores the stageId filter</translation>
    </message>
    <message>
        <source>status answers without domain and accountId (null) even when connected</source>
        <translation>status answers without domain and accountId (null) even when connected</translation>
    </message>
    <message>
        <source>every backend response is delayed (--delay seconds, default 2)</source>
        <translation>every backend response is delayed (--delay seconds, default 2)</translation>
    </message>
    <message>
        <source>status, exchange-code, disconnect, pipelines and leads answer 500 (login and callback stay intact)</source>
        <translation>status, exchange-code, disconnect, pipelines and leads answer 500 (login and callback stay intact)</translation>
    </message>
    <message>
        <source>backend error responses are text/html pages instead of JSON</source>
        <translation>backend error responses are text/html pages instead of JSON</translation>
    </message>
    <message>
        <source>successful JSON answers of the amo-crm and leads routes are cut short (invalid JSON)</source>
        <translation>successful JSON answers of the amo-crm and leads routes are cut short (invalid JSON)</translation>
    </message>
    <message>
        <source>amoCRM's token endpoint accepts an authorization code more than once</source>
        <translation>amoCRM's token endpoint accepts an authorization code more than once</translation>
    </message>
    <message>
        <source>status v5: with no token at all, status answers connected: null and hasTokens: false (the app shows 'not connected')</source>
        <translation>status v5: with no token at all, status answers connected: null and hasTokens: false (the app shows 'not connected')</translation>
    </message>
    <message>
        <source>the backend's version 4 whole: the callback exchanges the code itself into a global token and the deep link says ?success=true (no code); user A stays connected: false and pipelines answer 500</source>
        <translation>the backend's version 4 whole: the callback exchanges the code itself into a global token and the deep link says ?success=true (no code); user A stays connected: false and pipelines answer 500</translation>
    </message>
    <message>
        <source>the backend's version 5 whole: as version-4, and status falls back to the global token, so every user (user B too) reads connected, also after disconnect; with no token at all status says connected: null</source>
        <translation>the backend's version 5 whole: as version-4, and status falls back to the global token, so every user (user B too) reads connected, also after disconnect; with no token at all status says connected: null</translation>
    </message>
    <message>
        <source>pipelines as the checklist's backend serves them: admins only (a BROKER gets 403 'Forbidden: Admin access required'), read with the global token, in amoCRM's own shape (stages under _embedded.statuses, not stages)</source>
        <translation>pipelines as the checklist's backend serves them: admins only (a BROKER gets 403 'Forbidden: Admin access required'), read with the global token, in amoCRM's own shape (stages under _embedded.statuses, not stages)</translation>
    </message>
    <message>
        <source>the backend answers 429 with Retry-After beyond --rate requests per second (default 7, amoCRM's own limit); amogui slows down instead of failing</source>
        <translation>the backend answers 429 with Retry-After beyond --rate requests per second (default 7, amoCRM's own limit); amogui slows down instead of failing</translation>
    </message>
    <message>
        <source>DEFECT: a check must fail and name it</source>
        <translation>DEFECT: a check must fail and name it</translation>
    </message>
    <message>
        <source>HARMLESS VARIATION of the real backend: the checks pass and name it</source>
        <translation>HARMLESS VARIATION of the real backend: the checks pass and name it</translation>
    </message>
    <message>
        <source>HARMLESS CONDITION: the checks pass</source>
        <translation>HARMLESS CONDITION: the checks pass</translation>
    </message>
    <message>
        <source>shows only together with: {names}</source>
        <translation>shows only together with: {names}</translation>
    </message>
    <message>
        <source>turns on: {names}</source>
        <translation>turns on: {names}</translation>
    </message>
    <message>
        <source>The leads list does not apply the stage filter</source>
        <translation>The leads list does not apply the stage filter</translation>
    </message>
    <message>
        <source>A stage filter returns leads of other stages.</source>
        <translation>A stage filter returns leads of other stages.</translation>
    </message>
    <message>
        <source>The stage totals do not add up to the number of leads.</source>
        <translation>The stage totals do not add up to the number of leads.</translation>
    </message>
    <message>
        <source>Check that GET /api/v1/leads passes stageId and status on to its query.</source>
        <translation>Check that GET /api/v1/leads passes stageId and status on to its query.</translation>
    </message>
    <message>
        <source>Compare with amoCRM's own filter by status for the same stage.</source>
        <translation>Compare with amoCRM's own filter by status for the same stage.</translation>
    </message>
    <message>
        <source>The leads list is not paged consistently</source>
        <translation>The leads list is not paged consistently</translation>
    </message>
    <message>
        <source>Leads are missing from the pages or appear on more than one.</source>
        <translation>Leads are missing from the pages or appear on more than one.</translation>
    </message>
    <message>
        <source>Check the page and limit handling of GET /api/v1/leads and the total it reports.</source>
        <translation>Check the page and limit handling of GET /api/v1/leads and the total it reports.</translation>
    </message>
    <message>
        <source>Status says connected but leaves out the account</source>
        <translation>Status says connected but leaves out the account</translation>
    </message>
    <message>
        <source>connected is true while domain or accountId is missing.</source>
        <translation>connected is true while domain or accountId is missing.</translation>
    </message>
    <message>
        <source>Return the domain and accountId saved with the user's tokens from the status route.</source>
        <translation>Return the domain and accountId saved with the user's tokens from the status route.</translation>
    </message>
    <message>
        <source>The backend fails with a server error</source>
        <translation>The backend fails with a server error</translation>
    </message>
    <message>
        <source>The route answers 5xx instead of its JSON.</source>
        <translation>The route answers 5xx instead of its JSON.</translation>
    </message>
    <message>
        <source>Read the backend's log for the request at that time; the evidence has its id.</source>
        <translation>Read the backend's log for the request at that time; the evidence has its id.</translation>
    </message>
    <message>
        <source>The backend answers something other than JSON</source>
        <translation>The backend answers something other than JSON</translation>
    </message>
    <message>
        <source>An HTML page, plain text or cut-off JSON where the route promises JSON.</source>
        <translation>An HTML page, plain text or cut-off JSON where the route promises JSON.</translation>
    </message>
    <message>
        <source>Make the route's error handler answer JSON (message, statusCode) for API routes.</source>
        <translation>Make the route's error handler answer JSON (message, statusCode) for API routes.</translation>
    </message>
    <message>
        <source>Check that nothing in front of the backend (proxy, size limit) cuts the body.</source>
        <translation>Check that nothing in front of the backend (proxy, size limit) cuts the body.</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} ms</source>
        <translation>{n} ms</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} d</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s)</source>
        <translation>
            <numerusform>%Ln lead</numerusform>
            <numerusform>%Ln leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln step(s)</source>
        <translation>
            <numerusform>%Ln step</numerusform>
            <numerusform>%Ln steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln check(s)</source>
        <translation>
            <numerusform>%Ln check</numerusform>
            <numerusform>%Ln checks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln request(s)</source>
        <translation>
            <numerusform>%Ln request</numerusform>
            <numerusform>%Ln requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln page(s)</source>
        <translation>
            <numerusform>%Ln page</numerusform>
            <numerusform>%Ln pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln run(s)</source>
        <translation>
            <numerusform>%Ln run</numerusform>
            <numerusform>%Ln runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln step(s)</source>
        <translation>
            <numerusform>{done} of %Ln step</numerusform>
            <numerusform>{done} of %Ln steps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of the window</source>
        <translation>Every keyboard shortcut of the window</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;System language</source>
        <translation>&amp;System language</translation>
    </message>
</context>
<context>
    <name>LeadsPanel</name>
    <message>
        <source>Search guest, phone, email, id</source>
        <translation>Search guest, phone, email, id</translation>
    </message>
    <message>
        <source>Search the leads</source>
        <translation>Search the leads</translation>
    </message>
    <message>
        <source>&amp;Load leads</source>
        <translation>&amp;Load leads</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>No leads loaded.</source>
        <translation>No leads loaded.</translation>
    </message>
    <message>
        <source>&amp;Pipeline</source>
        <translation>&amp;Pipeline</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>S&amp;tage</source>
        <translation>S&amp;tage</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Cancelling...</translation>
    </message>
    <message>
        <source>Pipelines: %1</source>
        <translation>Pipelines: %1</translation>
    </message>
    <message>
        <source>Indexing %v of %m leads</source>
        <translation>Indexing %v of %m leads</translation>
    </message>
    <message>
        <source>Page %v of %m</source>
        <translation>Page %v of %m</translation>
    </message>
    <message>
        <source>Loading pipelines...</source>
        <translation>Loading pipelines...</translation>
    </message>
    <message>
        <source>All pipelines</source>
        <translation>All pipelines</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>%1 leads in %2 s</source>
        <translation>%1 leads in %2 s</translation>
    </message>
    <message numerus="yes">
        <source>%n stage(s) empty</source>
        <translation>
            <numerusform>%n stage empty</numerusform>
            <numerusform>%n stages empty</numerusform>
        </translation>
    </message>
    <message>
        <source>cancelled before every page arrived</source>
        <translation>cancelled before every page arrived</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s): </source>
        <translation>
            <numerusform>%n problem: </numerusform>
            <numerusform>%n problems: </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeadsTableModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>Guest</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>amoCRM lead</source>
        <translation>amoCRM lead</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Request log</source>
        <translation>Request log</translation>
    </message>
    <message>
        <source>No requests yet</source>
        <translation>No requests yet</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Copy as curl</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unknown error</translation>
    </message>
    <message>
        <source>no response: {err}</source>
        <translation>no response: {err}</translation>
    </message>
    <message>
        <source>... (cut at the body cap)</source>
        <translation>... (cut at the body cap)</translation>
    </message>
    <message>
        <source>error: {err}</source>
        <translation>error: {err}</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Request and response</source>
        <translation>Request and response</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>The request as a curl command, secrets redacted</source>
        <translation>The request as a curl command, secrets redacted</translation>
    </message>
    <message>
        <source>Copy with real token...</source>
        <translation>Copy with real token...</translation>
    </message>
    <message>
        <source>Puts user A's real token into the command: handle the clipboard with care</source>
        <translation>Puts user A's real token into the command: handle the clipboard with care</translation>
    </message>
    <message>
        <source>Export HAR...</source>
        <translation>Export HAR...</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>Select a request first.</source>
        <translation>Select a request first.</translation>
    </message>
    <message>
        <source>Copied with the real token.</source>
        <translation>Copied with the real token.</translation>
    </message>
    <message>
        <source>Copied (redacted).</source>
        <translation>Copied (redacted).</translation>
    </message>
    <message>
        <source>Export HAR</source>
        <translation>Export HAR</translation>
    </message>
    <message>
        <source>HAR (*.har)</source>
        <translation>HAR (*.har)</translation>
    </message>
    <message>
        <source>Could not write {path}: {err}</source>
        <translation>Could not write {path}: {err}</translation>
    </message>
    <message>
        <source>HAR written to {path}</source>
        <translation>HAR written to {path}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>amogui - AMO CRM integration checklist</source>
        <translation>amogui - AMO CRM integration checklist</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Open checklist...</source>
        <translation>&amp;Open checklist...</translation>
    </message>
    <message>
        <source>&amp;New run</source>
        <translation>&amp;New run</translation>
    </message>
    <message>
        <source>&amp;Past runs...</source>
        <translation>&amp;Past runs...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Step</translation>
    </message>
    <message>
        <source>Mark {name}</source>
        <translation>Mark {name}</translation>
    </message>
    <message>
        <source>Checklist steps</source>
        <translation>Checklist steps</translation>
    </message>
    <message>
        <source>Choose a step; Ctrl+Down goes to the next undecided one</source>
        <translation>Choose a step; Ctrl+Down goes to the next undecided one</translation>
    </message>
    <message>
        <source>Selected step</source>
        <translation>Selected step</translation>
    </message>
    <message>
        <source>What to do, what to expect, the automatic checks and your verdict</source>
        <translation>What to do, what to expect, the automatic checks and your verdict</translation>
    </message>
    <message>
        <source>Checklist and leads</source>
        <translation>Checklist and leads</translation>
    </message>
    <message>
        <source>Checklist title</source>
        <translation>Checklist title</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Profile and target</source>
        <translation>Profile and target</translation>
    </message>
    <message>
        <source>Clear verdict</source>
        <translation>Clear verdict</translation>
    </message>
    <message>
        <source>Next undecided step</source>
        <translation>Next undecided step</translation>
    </message>
    <message>
        <source>Previous undecided step</source>
        <translation>Previous undecided step</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Export report...</source>
        <translation>&amp;Export report...</translation>
    </message>
    <message>
        <source>&amp;Verify report...</source>
        <translation>&amp;Verify report...</translation>
    </message>
    <message>
        <source>&amp;Profiles and users...</source>
        <translation>&amp;Profiles and users...</translation>
    </message>
    <message>
        <source>S&amp;ettings</source>
        <translation>S&amp;ettings</translation>
    </message>
    <message>
        <source>&amp;Checks</source>
        <translation>&amp;Checks</translation>
    </message>
    <message>
        <source>Run &amp;all checks</source>
        <translation>Run &amp;all checks</translation>
    </message>
    <message>
        <source>Run this &amp;step's checks</source>
        <translation>Run this &amp;step's checks</translation>
    </message>
    <message>
        <source>&amp;Cancel checks</source>
        <translation>&amp;Cancel checks</translation>
    </message>
    <message>
        <source>Connect AMO CRM...</source>
        <translation>Connect AMO CRM...</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>This step has no automatic checks.</source>
        <translation>This step has no automatic checks.</translation>
    </message>
    <message>
        <source>A deep link was refused ({via}): {reason}</source>
        <translation>A deep link was refused ({via}): {reason}</translation>
    </message>
    <message>
        <source>Deep link received via {via}.</source>
        <translation>Deep link received via {via}.</translation>
    </message>
    <message>
        <source>no target yet</source>
        <translation>no target yet</translation>
    </message>
    <message>
        <source>no profile</source>
        <translation>no profile</translation>
    </message>
    <message>
        <source>Profile: {profile}
Target: {target}</source>
        <translation>Profile: {profile}
Target: {target}</translation>
    </message>
    <message>
        <source>No undecided step after this one.</source>
        <translation>No undecided step after this one.</translation>
    </message>
    <message>
        <source>No undecided step before this one.</source>
        <translation>No undecided step before this one.</translation>
    </message>
    <message>
        <source>Select a step to give it a verdict.</source>
        <translation>Select a step to give it a verdict.</translation>
    </message>
    <message>
        <source>Cancel the running checks first.</source>
        <translation>Cancel the running checks first.</translation>
    </message>
    <message>
        <source>New run started; the previous one is kept.</source>
        <translation>New run started; the previous one is kept.</translation>
    </message>
    <message>
        <source>Could not open run {id}: {err}</source>
        <translation>Could not open run {id}: {err}</translation>
    </message>
    <message>
        <source>Reopened run {id}.</source>
        <translation>Reopened run {id}.</translation>
    </message>
    <message>
        <source>Attach a file to this step</source>
        <translation>Attach a file to this step</translation>
    </message>
    <message>
        <source>Attached {name}.</source>
        <translation>Attached {name}.</translation>
    </message>
    <message>
        <source>Removed {name}.</source>
        <translation>Removed {name}.</translation>
    </message>
    <message>
        <source>Export the report into</source>
        <translation>Export the report into</translation>
    </message>
    <message>
        <source>Verify the report in</source>
        <translation>Verify the report in</translation>
    </message>
    <message>
        <source>Open checklist</source>
        <translation>Open checklist</translation>
    </message>
    <message>
        <source>Markdown (*.md *.markdown);;All files (*)</source>
        <translation>Markdown (*.md *.markdown);;All files (*)</translation>
    </message>
    <message>
        <source>Could not read {path}: {err}</source>
        <translation>Could not read {path}: {err}</translation>
    </message>
    <message>
        <source>{name} has no steps amogui understands, so the current checklist stays open.</source>
        <translation>{name} has no steps amogui understands, so the current checklist stays open.</translation>
    </message>
    <message>
        <source>Encoding: {repair}</source>
        <translation>Encoding: {repair}</translation>
    </message>
    <message>
        <source>... and {n} more.</source>
        <translation>... and {n} more.</translation>
    </message>
    <message>
        <source>Parts of this checklist were not understood:&lt;br&gt;{list}</source>
        <translation>Parts of this checklist were not understood:&lt;br&gt;{list}</translation>
    </message>
    <message>
        <source>Something went wrong: {err}</source>
        <translation>Something went wrong: {err}</translation>
    </message>
    <message>
        <source>{err} Showing the bundled checklist instead.</source>
        <translation>{err} Showing the bundled checklist instead.</translation>
    </message>
    <message>
        <source>A deep link message was refused: {reason}</source>
        <translation>A deep link message was refused: {reason}</translation>
    </message>
    <message>
        <source>Another amogui is already running: deep links go to that window.</source>
        <translation>Another amogui is already running: deep links go to that window.</translation>
    </message>
    <message>
        <source>Deep links cannot reach this window: {err}</source>
        <translation>Deep links cannot reach this window: {err}</translation>
    </message>
    <message>
        <source>amogui could not start: {err}

The log has the details: {path}</source>
        <translation>amogui could not start: {err}

The log has the details: {path}</translation>
    </message>
    <message>
        <source>Signed with a one-time key, because: {why}</source>
        <translation>Signed with a one-time key, because: {why}</translation>
    </message>
    <message>
        <source>Signing key passphrase</source>
        <translation>Signing key passphrase</translation>
    </message>
    <message>
        <source>The signing key {path} is protected by a passphrase.
It is used for this report only and never stored.</source>
        <translation>The signing key {path} is protected by a passphrase.
It is used for this report only and never stored.</translation>
    </message>
    <message>
        <source>Writing and signing the report...</source>
        <translation>Writing and signing the report...</translation>
    </message>
    <message>
        <source>Report written to {dir} ({n} files).</source>
        <translation>Report written to {dir} ({n} files).</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
</context>
<context>
    <name>PastRunsDialog</name>
    <message>
        <source>Past runs</source>
        <translation>Past runs</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>Loading...</translation>
    </message>
    <message>
        <source>Saved runs</source>
        <translation>Saved runs</translation>
    </message>
    <message>
        <source> (current)</source>
        <translation> (current)</translation>
    </message>
    <message numerus="yes">
        <source>%n saved run(s). Double-click one, or press Enter, to reopen it.</source>
        <translation>
            <numerusform>%n saved run. Double-click one, or press Enter, to reopen it.</numerusform>
            <numerusform>%n saved runs. Double-click one, or press Enter, to reopen it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Sandbox starting...</source>
        <translation>Sandbox starting...</translation>
    </message>
    <message>
        <source>Sandbox failed to start</source>
        <translation>Sandbox failed to start</translation>
    </message>
    <message>
        <source>The sandbox did not start: {err}</source>
        <translation>The sandbox did not start: {err}</translation>
    </message>
    <message>
        <source>Demo user {user} could not log in: {why}</source>
        <translation>Demo user {user} could not log in: {why}</translation>
    </message>
    <message>
        <source>Sandbox running at {url}</source>
        <translation>Sandbox running at {url}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>Authorize URL</source>
        <translation>Authorize URL</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client id</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Deep link scheme</source>
        <translation>Deep link scheme</translation>
    </message>
    <message>
        <source>Deep link host</source>
        <translation>Deep link host</translation>
    </message>
    <message>
        <source>Deep link path</source>
        <translation>Deep link path</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>OAuth callback</source>
        <translation>OAuth callback</translation>
    </message>
    <message>
        <source>Exchange code</source>
        <translation>Exchange code</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Disconnect</translation>
    </message>
    <message>
        <source>Pipelines</source>
        <translation>Pipelines</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>Page number</translation>
    </message>
    <message>
        <source>Page size</source>
        <translation>Page size</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Lead status</source>
        <translation>Lead status</translation>
    </message>
    <message>
        <source>Profiles and users</source>
        <translation>Profiles and users</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpoints</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Sandbox</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>New...</source>
        <translation>New...</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>mobile: base64 of {random, userId, source}, like the mobile app</source>
        <translation>mobile: base64 of {random, userId, source}, like the mobile app</translation>
    </message>
    <message>
        <source>State format</source>
        <translation>State format</translation>
    </message>
    <message>
        <source> req/s (0: unlimited)</source>
        <translation> req/s (0: unlimited)</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Rate limit</translation>
    </message>
    <message>
        <source>Leads page size</source>
        <translation>Leads page size</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Request timeout</source>
        <translation>Request timeout</translation>
    </message>
    <message>
        <source>Paths</source>
        <translation>Paths</translation>
    </message>
    <message>
        <source>Leads query parameters</source>
        <translation>Leads query parameters</translation>
    </message>
    <message>
        <source>User A - the tester</source>
        <translation>User A - the tester</translation>
    </message>
    <message>
        <source>User B - the isolation witness</source>
        <translation>User B - the isolation witness</translation>
    </message>
    <message>
        <source>The Local sandbox logs its demo users in by itself at start.</source>
        <translation>The Local sandbox logs its demo users in by itself at start.</translation>
    </message>
    <message>
        <source>Faults the sandbox reproduces (applied when the sandbox profile starts).</source>
        <translation>Faults the sandbox reproduces (applied when the sandbox profile starts).</translation>
    </message>
    <message>
        <source>Leads in the sandbox</source>
        <translation>Leads in the sandbox</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Save and use this profile</source>
        <translation>Save and use this profile</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>User {user}: {err}</source>
        <translation>User {user}: {err}</translation>
    </message>
    <message>
        <source>Enter the email and the password first.</source>
        <translation>Enter the email and the password first.</translation>
    </message>
    <message>
        <source>Logging in...</source>
        <translation>Logging in...</translation>
    </message>
    <message>
        <source>Login failed: {why}</source>
        <translation>Login failed: {why}</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>New profile</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;Find an action:</source>
        <translation>&amp;Find an action:</translation>
    </message>
    <message>
        <source>action or key</source>
        <translation>action or key</translation>
    </message>
    <message>
        <source>Find an action</source>
        <translation>Find an action</translation>
    </message>
    <message>
        <source>Every action that has a keyboard shortcut, grouped by menu</source>
        <translation>Every action that has a keyboard shortcut, grouped by menu</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Shortcut</translation>
    </message>
    <message>
        <source>Everywhere in the window</source>
        <translation>Everywhere in the window</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Passed</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Not run</source>
        <translation>Not run</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Fail</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Clear verdict</source>
        <translation>Clear verdict</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>Problem {n}</source>
        <translation>Problem {n}</translation>
    </message>
    <message>
        <source>Symptoms</source>
        <translation>Symptoms</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>Solution</translation>
    </message>
    <message>
        <source>Success criterion</source>
        <translation>Success criterion</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Part</translation>
    </message>
    <message>
        <source>Decide its sub-steps.</source>
        <translation>Decide its sub-steps.</translation>
    </message>
    <message>
        <source>{status} - manual verdict</source>
        <translation>{status} - manual verdict</translation>
    </message>
    <message>
        <source>{status} - from the automatic checks</source>
        <translation>{status} - from the automatic checks</translation>
    </message>
    <message>
        <source>Not decided yet</source>
        <translation>Not decided yet</translation>
    </message>
    <message>
        <source>Automatic checks</source>
        <translation>Automatic checks</translation>
    </message>
    <message>
        <source>Run this step's checks</source>
        <translation>Run this step's checks</translation>
    </message>
    <message>
        <source>Run the automatic checks of this step (Shift+F5)</source>
        <translation>Run the automatic checks of this step (Shift+F5)</translation>
    </message>
    <message>
        <source>Select a step in the checklist on the left.</source>
        <translation>Select a step in the checklist on the left.</translation>
    </message>
    <message>
        <source>Set-up</source>
        <translation>Set-up</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <source>Sub-step</source>
        <translation>Sub-step</translation>
    </message>
    <message>
        <source>Backend review</source>
        <translation>Backend review</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Expected result</source>
        <translation>Expected result</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>API test</source>
        <translation>API test</translation>
    </message>
    <message>
        <source>Expected response</source>
        <translation>Expected response</translation>
    </message>
    <message>
        <source>Run API test</source>
        <translation>Run API test</translation>
    </message>
    <message>
        <source>Send this request with the profile's base URL and user A's token</source>
        <translation>Send this request with the profile's base URL and user A's token</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Mark this step {name} ({key})</source>
        <translation>Mark this step {name} ({key})</translation>
    </message>
    <message>
        <source>Clear verdict</source>
        <translation>Clear verdict</translation>
    </message>
    <message>
        <source>Back to the automatic result ({key})</source>
        <translation>Back to the automatic result ({key})</translation>
    </message>
    <message>
        <source>Actual result</source>
        <translation>Actual result</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Attach a file...</source>
        <translation>Attach a file...</translation>
    </message>
    <message>
        <source>Keep a screenshot or a file with this step; it is signed into the report</source>
        <translation>Keep a screenshot or a file with this step; it is signed into the report</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Take {name} off this step</source>
        <translation>Take {name} off this step</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Remove {name}</translation>
    </message>
    <message>
        <source>What happened (kept with the verdict)</source>
        <translation>What happened (kept with the verdict)</translation>
    </message>
    <message>
        <source>Anything worth remembering</source>
        <translation>Anything worth remembering</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Not run</source>
        <translation>Not run</translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>Not run yet</translation>
    </message>
    <message>
        <source>Proves: {text}</source>
        <translation>Proves: {text}</translation>
    </message>
    <message>
        <source>Expected: {e}&lt;br&gt;Actual: {a}</source>
        <translation>Expected: {e}&lt;br&gt;Actual: {a}</translation>
    </message>
    <message>
        <source>Accepted variation: {v}</source>
        <translation>Accepted variation: {v}</translation>
    </message>
    <message>
        <source>&lt;b&gt;amogui's note&lt;/b&gt;, not in the checklist ({title})</source>
        <translation>&lt;b&gt;amogui's note&lt;/b&gt;, not in the checklist ({title})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Diagnosis&lt;/b&gt; ({title})</source>
        <translation>&lt;b&gt;Diagnosis&lt;/b&gt; ({title})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Solution&lt;/b&gt;</source>
        <translation>&lt;b&gt;Solution&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Evidence: {ids} (see the request log)</source>
        <translation>Evidence: {ids} (see the request log)</translation>
    </message>
    <message>
        <source>Open: no check can judge this; it needs your verdict.</source>
        <translation>Open: no check can judge this; it needs your verdict.</translation>
    </message>
    <message>
        <source>Met: every check it rests on passed.</source>
        <translation>Met: every check it rests on passed.</translation>
    </message>
    <message>
        <source>Not met: a check it rests on failed.</source>
        <translation>Not met: a check it rests on failed.</translation>
    </message>
    <message>
        <source>Not met yet: a check it rests on is blocked.</source>
        <translation>Not met yet: a check it rests on is blocked.</translation>
    </message>
    <message>
        <source>Open: some checks it rests on have not passed yet.</source>
        <translation>Open: some checks it rests on have not passed yet.</translation>
    </message>
    <message>
        <source>Rests on: {checks}</source>
        <translation>Rests on: {checks}</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>Actual</translation>
    </message>
    <message>
        <source>&lt;br&gt;... and {n} more keys</source>
        <translation>&lt;br&gt;... and {n} more keys</translation>
    </message>
</context>
<context>
    <name>UserBox</name>
    <message>
        <source>Paste a JWT (Bearer prefix is fine)</source>
        <translation>Paste a JWT (Bearer prefix is fine)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>email</source>
        <translation>email</translation>
    </message>
    <message>
        <source>password</source>
        <translation>password</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>JWT</source>
        <translation>JWT</translation>
    </message>
    <message>
        <source>or log in</source>
        <translation>or log in</translation>
    </message>
    <message>
        <source>No token yet.</source>
        <translation>No token yet.</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Report verification</source>
        <translation>Report verification</translation>
    </message>
    <message>
        <source>All signatures and hashes are good.</source>
        <translation>All signatures and hashes are good.</translation>
    </message>
    <message>
        <source>The report does NOT verify.</source>
        <translation>The report does NOT verify.</translation>
    </message>
    <message>
        <source>Folder: {dir}&lt;br&gt;Signer: {id} ({fp})&lt;br&gt;Trust: {trust}</source>
        <translation>Folder: {dir}&lt;br&gt;Signer: {id} ({fp})&lt;br&gt;Trust: {trust}</translation>
    </message>
</context>
</TS>
