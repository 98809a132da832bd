<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk" sourcelanguage="en">
<context>
    <name />
    <message>
        <source>{decided} of {total} decided</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>, {n} failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>, {n} blocked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Step {n}: {title}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checklist</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Possible problems</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Problem {n}: {title}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Success criteria</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> (manual)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ChecksController</name>
    <message>
        <source>Checks are already running.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No target yet: choose a profile (Settings) or wait for the sandbox.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running checks...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelling the checks...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User {user}: {text}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checks done: {p} passed, {f} failed, {b} blocked, {s} skipped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No profile is active.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect AMO CRM</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>amogui opens amoCRM's consent page in your browser. Choose the account and allow access; the backend's callback sends the browser back to amogui through the deep link.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for the flow to start...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Browser did not come back? Paste the deep link here:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Use this link</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel the flow</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Deep link received.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Waiting for the deep link: {m}:{s:02d} left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rejected: {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pasted link rejected: {r}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Accepted; handed to the waiting flow.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Format</name>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln байт</numerusform>
            <numerusform>%Ln байти</numerusform>
            <numerusform>%Ln байтів</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} ms</source>
        <translation>{n} мс</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} с</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} хв</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} год</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} дн</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s)</source>
        <translation>
            <numerusform>%Ln лід</numerusform>
            <numerusform>%Ln ліди</numerusform>
            <numerusform>%Ln лідів</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln step(s)</source>
        <translation>
            <numerusform>%Ln крок</numerusform>
            <numerusform>%Ln кроки</numerusform>
            <numerusform>%Ln кроків</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln check(s)</source>
        <translation>
            <numerusform>%Ln перевірка</numerusform>
            <numerusform>%Ln перевірки</numerusform>
            <numerusform>%Ln перевірок</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln request(s)</source>
        <translation>
            <numerusform>%Ln запит</numerusform>
            <numerusform>%Ln запити</numerusform>
            <numerusform>%Ln запитів</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln page(s)</source>
        <translation>
            <numerusform>%Ln сторінка</numerusform>
            <numerusform>%Ln сторінки</numerusform>
            <numerusform>%Ln сторінок</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln run(s)</source>
        <translation>
            <numerusform>%Ln запуск</numerusform>
            <numerusform>%Ln запуски</numerusform>
            <numerusform>%Ln запусків</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln step(s)</source>
        <translation>
            <numerusform>{done} з %Ln кроку</numerusform>
            <numerusform>{done} з %Ln кроків</numerusform>
            <numerusform>{done} з %Ln кроків</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeadsPanel</name>
    <message>
        <source>Search guest, phone, email, id</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Load leads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No leads loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelling...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipelines: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Indexing %v of %m leads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Page %v of %m</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading pipelines...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All pipelines</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All stages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 leads in %2 s</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n stage(s) empty</source>
        <translation type="unfinished">
            <numerusform />
            <numerusform />
            <numerusform />
        </translation>
    </message>
    <message>
        <source>cancelled before every page arrived</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n problem(s): </source>
        <translation type="unfinished">
            <numerusform />
            <numerusform />
            <numerusform />
        </translation>
    </message>
</context>
<context>
    <name>LeadsTableModel</name>
    <message>
        <source>ID</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Guest</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Price</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>amoCRM lead</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Request log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No requests yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy as curl</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The request as a curl command, secrets redacted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy with real token...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Puts user A's real token into the command: handle the clipboard with care</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export HAR...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a request first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copied with the real token.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copied (redacted).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export HAR</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HAR (*.har)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not write {path}: {err}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>HAR written to {path}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>amogui - AMO CRM integration checklist</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checklist</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Open checklist...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;New run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Past runs...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark {name}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next undecided step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous undecided step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Export report...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Verify report...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Profiles and users...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>S&amp;ettings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run &amp;all checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run this &amp;step's checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Cancel checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Connect AMO CRM...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Leads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This step has no automatic checks.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A deep link was refused ({via}): {reason}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Deep link received via {via}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no target yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no profile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Profile: {profile}
Target: {target}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No undecided step after this one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No undecided step before this one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a step to give it a verdict.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel the running checks first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New run started; the previous one is kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not open run {id}: {err}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reopened run {id}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export the report into</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verify the report in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open checklist</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Markdown (*.md *.markdown);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Could not read {path}: {err}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} has no steps amogui understands, so the current checklist stays open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Encoding: {repair}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>... and {n} more.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Parts of this checklist were not understood:&lt;br&gt;{list}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Something went wrong: {err}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PastRunsDialog</name>
    <message>
        <source>Past runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> (current)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} saved runs. Double-click one to reopen it.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Sandbox starting...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sandbox failed to start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The sandbox did not start: {err}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Demo user {user} could not log in: {why}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sandbox running at {url}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Profiles and users</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Endpoints</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sandbox</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>mobile: base64 of {random, userId, source}, like the mobile app</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> req/s (0: unlimited)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rate limit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Leads page size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request timeout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paths</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Leads query parameters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User A - the tester</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User B - the isolation witness</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The Local sandbox logs its demo users in by itself at start.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Faults the sandbox reproduces (applied when the sandbox profile starts).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Leads in the sandbox</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save and use this profile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User {user}: {err}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the email and the password first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Logging in...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Login failed: {why}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New profile</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>Problem {n}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Symptoms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Solution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Success criterion</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Met: every scenario step passed or was skipped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not met: a scenario step failed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not met yet: a scenario step is blocked.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open: some scenario steps are still undecided.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Criteria are derived from the verdicts of the scenario steps.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Part</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Decide its sub-steps.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{status} - manual verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{status} - from the automatic checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not decided yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run this step's checks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run the automatic checks of this step (Shift+F5)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a step in the checklist on the left.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Set-up</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scenario</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sub-step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Backend review</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expected result</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>API test</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expected response</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run API test</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Send this request with the profile's base URL and user A's token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark this step {name} ({key})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear verdict</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Back to the automatic result ({key})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Actual result</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>What happened (kept with the verdict)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Anything worth remembering</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not run yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Proves: {text}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expected: {e}&lt;br&gt;Actual: {a}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Accepted variation: {v}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;Diagnosis&lt;/b&gt; ({title})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;Solution&lt;/b&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Evidence: {ids} (see the request log)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>UserBox</name>
    <message>
        <source>Paste a JWT (Bearer prefix is fine)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>email</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>JWT</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>or log in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No token yet.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Report verification</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All signatures and hashes are good.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The report does NOT verify.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Folder: {dir}&lt;br&gt;Signer: {id} ({fp})&lt;br&gt;Trust: {trust}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Another amogui is already running: deep links go to that window.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Deep links cannot reach this window: {err}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Writing and signing the report...</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Report written to {dir} ({n} files).</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
