<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk" sourcelanguage="en">
<context>
    <name>Autosaver</name>
    <message>
        <source>Could not save the run: {err}.</source>
        <translation>Не вдалося зберегти запуск: {err}.</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>{decided} of {total} decided</source>
        <translation>вирішено {decided} з {total}</translation>
    </message>
    <message>
        <source>, {n} failed</source>
        <translation>, не пройдено: {n}</translation>
    </message>
    <message>
        <source>, {n} blocked</source>
        <translation>, заблоковано: {n}</translation>
    </message>
    <message>
        <source>Step {n}: {title}</source>
        <translation>Крок {n}: {title}</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Чеклист</translation>
    </message>
    <message>
        <source>Possible problems</source>
        <translation>Можливі проблеми</translation>
    </message>
    <message>
        <source>Problem {n}: {title}</source>
        <translation>Проблема {n}: {title}</translation>
    </message>
    <message>
        <source>Success criteria</source>
        <translation>Критерії успіху</translation>
    </message>
    <message>
        <source> (manual)</source>
        <translation> (вручну)</translation>
    </message>
</context>
<context>
    <name>ChecksController</name>
    <message>
        <source>Checks are already running.</source>
        <translation>Перевірки вже виконуються.</translation>
    </message>
    <message>
        <source>No target yet: choose a profile (Settings) or wait for the sandbox.</source>
        <translation>Ціль ще не задано: виберіть профіль (Налаштування) або дочекайтеся пісочниці.</translation>
    </message>
    <message>
        <source>Running checks...</source>
        <translation>Виконуються перевірки...</translation>
    </message>
    <message>
        <source>Cancelling the checks...</source>
        <translation>Перевірки скасовуються...</translation>
    </message>
    <message>
        <source>User {user}: {text}</source>
        <translation>Користувач {user}: {text}</translation>
    </message>
    <message>
        <source>Checks done: {p} passed, {f} failed, {b} blocked, {s} skipped</source>
        <translation>Перевірки завершено: пройдено {p}, не пройдено {f}, заблоковано {b}, пропущено {s}</translation>
    </message>
    <message>
        <source>No profile is active.</source>
        <translation>Жоден профіль не активний.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect AMO CRM</source>
        <translation>Підключення AMO CRM</translation>
    </message>
    <message>
        <source>amogui opens amoCRM&apos;s consent page in your browser. Choose the account and allow access; the backend&apos;s callback sends the browser back to amogui through the deep link.</source>
        <translation>amogui відкриває сторінку згоди amoCRM у вашому браузері. Виберіть акаунт і дозвольте доступ; callback бекенду поверне браузер до amogui через deep link.</translation>
    </message>
    <message>
        <source>Waiting for the flow to start...</source>
        <translation>Очікування початку авторизації...</translation>
    </message>
    <message>
        <source>Browser did not come back? &amp;Paste the deep link here:</source>
        <translation>Браузер не повернувся? &amp;Вставте deep link сюди:</translation>
    </message>
    <message>
        <source>Use this link</source>
        <translation>Використати це посилання</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Хронологія</translation>
    </message>
    <message>
        <source>Authorize URL</source>
        <translation>URL авторизації</translation>
    </message>
    <message>
        <source>Cancel the flow</source>
        <translation>Скасувати авторизацію</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>Deep link received.</source>
        <translation>Deep link отримано.</translation>
    </message>
    <message>
        <source>Waiting for the deep link: {m}:{s:02d} left</source>
        <translation>Очікування deep link: залишилось {m}:{s:02d}</translation>
    </message>
    <message>
        <source>Rejected: {reason}</source>
        <translation>Відхилено: {reason}</translation>
    </message>
    <message>
        <source>pasted link rejected: {r}</source>
        <translation>вставлене посилання відхилено: {r}</translation>
    </message>
    <message>
        <source>Accepted; handed to the waiting flow.</source>
        <translation>Прийнято й передано авторизації, що очікує.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Скасовано.</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <source>status answers 200 with a well-formed body before connecting</source>
        <translation>ендпоінт статусу до підключення відповідає 200 з коректним тілом</translation>
    </message>
    <message>
        <source>the authorize URL has client_id, state and mode</source>
        <translation>URL авторизації містить client_id, state і mode</translation>
    </message>
    <message>
        <source>the backend callback turns code+state into the deep link</source>
        <translation>callback бекенду перетворює code+state на deep link</translation>
    </message>
    <message>
        <source>the deep link reached amogui; scheme, path, state (same, single use), code</source>
        <translation>deep link дійшов до amogui; схема, шлях, state (той самий, одноразовий), code</translation>
    </message>
    <message>
        <source>exchange-code with the user&apos;s JWT succeeds</source>
        <translation>exchange-code з JWT користувача успішний</translation>
    </message>
    <message>
        <source>exchange-code without JWT is 401, with a bad JWT 401 or 403</source>
        <translation>exchange-code без JWT дає 401, з хибним JWT — 401 або 403</translation>
    </message>
    <message>
        <source>connected, hasTokens, domain and accountId present and plausible</source>
        <translation>connected, hasTokens, domain і accountId присутні й правдоподібні</translation>
    </message>
    <message>
        <source>a second user does not see the first user&apos;s connection</source>
        <translation>другий користувач не бачить підключення першого</translation>
    </message>
    <message>
        <source>leads load (all pages)</source>
        <translation>ліди завантажуються (усі сторінки)</translation>
    </message>
    <message>
        <source>every stage filter returns only leads of that stage; counts add up</source>
        <translation>фільтр за кожним етапом повертає лише ліди цього етапу; кількості сходяться</translation>
    </message>
    <message>
        <source>disconnect answers success</source>
        <translation>відключення відповідає успіхом</translation>
    </message>
    <message>
        <source>the user is no longer connected; the second user is unchanged</source>
        <translation>користувач більше не підключений; у другого користувача нічого не змінилося</translation>
    </message>
    <message>
        <source>callback without code or with amoCRM&apos;s error gives an error deep link, never 404</source>
        <translation>callback без code або з помилкою amoCRM дає deep link з помилкою, ніколи не 404</translation>
    </message>
    <message>
        <source>callback v2: 200 HTML page that redirects with JavaScript (link fallback)</source>
        <translation>callback v2: сторінка HTML з кодом 200, що перенаправляє через JavaScript (запасне посилання)</translation>
    </message>
    <message>
        <source>callback v3: the callback exchanges the code itself (global token), then a 200 page with a &apos;return to app&apos; button carrying the already-used code</source>
        <translation>callback v3: callback сам обмінює code (глобальний токен), потім сторінка 200 з кнопкою «повернутися в застосунок», що несе вже використаний code</translation>
    </message>
    <message>
        <source>callback v4: as callback-button, but the deep link is ?success=true&amp;state=... (no code)</source>
        <translation>callback v4: як callback-button, але deep link має вигляд ?success=true&amp;state=... (без code)</translation>
    </message>
    <message>
        <source>status v5: a user without tokens falls back to the global token (looks connected, also after disconnect)</source>
        <translation>статус v5: користувач без токенів отримує глобальний токен (виглядає підключеним, навіть після відключення)</translation>
    </message>
    <message>
        <source>the callback route is missing (Express 404 page)</source>
        <translation>маршруту callback немає (сторінка 404 від Express)</translation>
    </message>
    <message>
        <source>the callback&apos;s deep link has no state parameter</source>
        <translation>deep link від callback не має параметра state</translation>
    </message>
    <message>
        <source>a bad or expired JWT gives 403 {message: &apos;Invalid token: ...&apos;} instead of 401</source>
        <translation>хибний або прострочений JWT дає 403 {message: &apos;Invalid token: ...&apos;} замість 401</translation>
    </message>
    <message>
        <source>exchange-code accepts a request without an Authorization header</source>
        <translation>exchange-code приймає запит без заголовка Authorization</translation>
    </message>
    <message>
        <source>exchange-code stores tokens with user_id NULL and status reads any token (no isolation)</source>
        <translation>exchange-code зберігає токени з user_id NULL, а статус читає будь-який токен (без ізоляції)</translation>
    </message>
    <message>
        <source>disconnect answers success but deletes nothing</source>
        <translation>відключення відповідає успіхом, але нічого не видаляє</translation>
    </message>
    <message>
        <source>/api/v1/leads ignores the stageId filter</source>
        <translation>/api/v1/leads ігнорує фільтр stageId</translation>
    </message>
    <message>
        <source>status answers without domain and accountId (null) even when connected</source>
        <translation>статус відповідає без domain і accountId (null) навіть після підключення</translation>
    </message>
    <message>
        <source>every backend response is delayed (--delay seconds, default 2)</source>
        <translation>кожна відповідь бекенду затримується (--delay секунд, типово 2)</translation>
    </message>
    <message>
        <source>status, exchange-code, disconnect, pipelines and leads answer 500 (login and callback stay intact)</source>
        <translation>статус, exchange-code, відключення, воронки й ліди відповідають 500 (вхід і callback працюють)</translation>
    </message>
    <message>
        <source>backend error responses are text/html pages instead of JSON</source>
        <translation>відповіді бекенду з помилкою — сторінки text/html замість JSON</translation>
    </message>
    <message>
        <source>successful JSON answers of the amo-crm and leads routes are cut short (invalid JSON)</source>
        <translation>успішні JSON-відповіді маршрутів amo-crm і лідів обрізані (невалідний JSON)</translation>
    </message>
    <message>
        <source>amoCRM&apos;s token endpoint accepts an authorization code more than once</source>
        <translation>ендпоінт токенів amoCRM приймає код авторизації більше одного разу</translation>
    </message>
    <message>
        <source>status v5: with no token at all, status answers connected: null and hasTokens: false (the app shows &apos;not connected&apos;)</source>
        <translation>статус v5: коли токенів немає зовсім, статус відповідає connected: null, а hasTokens — хибне (застосунок показує «не підключено»)</translation>
    </message>
    <message>
        <source>the backend&apos;s version 4 whole: the callback exchanges the code itself into a global token and the deep link says ?success=true (no code); user A stays connected: false and pipelines answer 500</source>
        <translation>версія 4 бекенда повністю: callback сам обмінює code на глобальний токен, а deep link містить ?success=true (без code); користувач A лишається не підключеним, а список воронок відповідає 500</translation>
    </message>
    <message>
        <source>the backend&apos;s version 5 whole: as version-4, and status falls back to the global token, so every user (user B too) reads connected, also after disconnect; with no token at all status says connected: null</source>
        <translation>версія 5 бекенда повністю: як version-4, і статус бере глобальний токен, тож кожен користувач (і користувач B) бачить connected, також після відключення; коли токенів немає зовсім, статус каже connected: null</translation>
    </message>
    <message>
        <source>pipelines as the checklist&apos;s backend serves them: admins only (a BROKER gets 403 &apos;Forbidden: Admin access required&apos;), read with the global token, in amoCRM&apos;s own shape (stages under _embedded.statuses, not stages)</source>
        <translation>список воронок так, як його віддає бекенд із чекліста: лише для адміністраторів (брокер отримує 403), через глобальний токен, у власному форматі amoCRM (етапи в _embedded.statuses, а не там, де їх читає застосунок)</translation>
    </message>
    <message>
        <source>the backend answers 429 with Retry-After beyond --rate requests per second (default 7, amoCRM&apos;s own limit); amogui slows down instead of failing</source>
        <translation>бекенд відповідає 429 із заголовком retry-after, коли запитів більше ніж --rate на секунду (типово 7, власний ліміт amoCRM); amogui сповільнюється замість помилки</translation>
    </message>
    <message>
        <source>DEFECT: a check must fail and name it</source>
        <translation>ДЕФЕКТ: перевірка має не пройти й назвати його</translation>
    </message>
    <message>
        <source>HARMLESS VARIATION of the real backend: the checks pass and name it</source>
        <translation>НЕШКІДЛИВА ВІДМІННІСТЬ справжнього бекенда: перевірки проходять і називають її</translation>
    </message>
    <message>
        <source>HARMLESS CONDITION: the checks pass</source>
        <translation>НЕШКІДЛИВА УМОВА: перевірки проходять</translation>
    </message>
    <message>
        <source>shows only together with: {names}</source>
        <translation>проявляється лише разом із: {names}</translation>
    </message>
    <message>
        <source>turns on: {names}</source>
        <translation>вмикає: {names}</translation>
    </message>
    <message>
        <source>The leads list does not apply the stage filter</source>
        <translation>Список лідів не застосовує фільтр за етапом</translation>
    </message>
    <message>
        <source>A stage filter returns leads of other stages.</source>
        <translation>Фільтр за етапом повертає ліди інших етапів.</translation>
    </message>
    <message>
        <source>The stage totals do not add up to the number of leads.</source>
        <translation>Суми за етапами не збігаються з кількістю лідів.</translation>
    </message>
    <message>
        <source>Check that GET /api/v1/leads passes stageId and status on to its query.</source>
        <translation>Перевірте, що GET /api/v1/leads передає stageId і status у свій запит.</translation>
    </message>
    <message>
        <source>Compare with amoCRM&apos;s own filter by status for the same stage.</source>
        <translation>Порівняйте з власним фільтром amoCRM за статусом для того самого етапу.</translation>
    </message>
    <message>
        <source>The leads list is not paged consistently</source>
        <translation>Список лідів розбито на сторінки непослідовно</translation>
    </message>
    <message>
        <source>Leads are missing from the pages or appear on more than one.</source>
        <translation>Деяких лідів немає на сторінках, або вони трапляються на кількох.</translation>
    </message>
    <message>
        <source>Check the page and limit handling of GET /api/v1/leads and the total it reports.</source>
        <translation>Перевірте обробку page і limit у GET /api/v1/leads та total, який він повертає.</translation>
    </message>
    <message>
        <source>Status says connected but leaves out the account</source>
        <translation>Статус каже «підключено», але не називає акаунт</translation>
    </message>
    <message>
        <source>connected is true while domain or accountId is missing.</source>
        <translation>connected дорівнює true, а domain чи accountId немає.</translation>
    </message>
    <message>
        <source>Return the domain and accountId saved with the user&apos;s tokens from the status route.</source>
        <translation>Повертайте з маршруту статусу domain і accountId, збережені разом із токенами користувача.</translation>
    </message>
    <message>
        <source>The backend fails with a server error</source>
        <translation>Бекенд падає з помилкою сервера</translation>
    </message>
    <message>
        <source>The route answers 5xx instead of its JSON.</source>
        <translation>Маршрут відповідає 5xx замість свого JSON.</translation>
    </message>
    <message>
        <source>Read the backend&apos;s log for the request at that time; the evidence has its id.</source>
        <translation>Знайдіть цей запит у журналі бекенда за тим часом; його id є в доказах.</translation>
    </message>
    <message>
        <source>The backend answers something other than JSON</source>
        <translation>Бекенд відповідає не JSON</translation>
    </message>
    <message>
        <source>An HTML page, plain text or cut-off JSON where the route promises JSON.</source>
        <translation>HTML-сторінка, простий текст або обрізаний JSON там, де маршрут обіцяє JSON.</translation>
    </message>
    <message>
        <source>Make the route&apos;s error handler answer JSON (message, statusCode) for API routes.</source>
        <translation>Нехай обробник помилок відповідає JSON (message, statusCode) для маршрутів API.</translation>
    </message>
    <message>
        <source>Check that nothing in front of the backend (proxy, size limit) cuts the body.</source>
        <translation>Перевірте, що ніщо перед бекендом (проксі, обмеження розміру) не обрізає тіло.</translation>
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
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Довідка</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Клавіатурні скорочення</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of the window</source>
        <translation>Усі клавіатурні скорочення вікна</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Мова</translation>
    </message>
    <message>
        <source>&amp;System language</source>
        <translation>&amp;Мова системи</translation>
    </message>
</context>
<context>
    <name>LeadsPanel</name>
    <message>
        <source>Search guest, phone, email, id</source>
        <translation>Пошук: гість, телефон, email, id</translation>
    </message>
    <message>
        <source>Search the leads</source>
        <translation>Пошук лідів</translation>
    </message>
    <message>
        <source>&amp;Load leads</source>
        <translation>&amp;Завантажити ліди</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <source>No leads loaded.</source>
        <translation>Ліди не завантажено.</translation>
    </message>
    <message>
        <source>&amp;Pipeline</source>
        <translation>Вор&amp;онка</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <source>S&amp;tage</source>
        <translation>&amp;Етап</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Етап</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Ліди</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Скасування...</translation>
    </message>
    <message>
        <source>Pipelines: %1</source>
        <translation>Воронки: %1</translation>
    </message>
    <message>
        <source>Indexing %v of %m leads</source>
        <translation>Індексація: %v з %m лідів</translation>
    </message>
    <message>
        <source>Page %v of %m</source>
        <translation>Сторінка %v з %m</translation>
    </message>
    <message>
        <source>Loading pipelines...</source>
        <translation>Завантаження воронок...</translation>
    </message>
    <message>
        <source>All pipelines</source>
        <translation>Усі воронки</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>Усі етапи</translation>
    </message>
    <message>
        <source>%1 leads in %2 s</source>
        <translation>Лідів: %1 за %2 с</translation>
    </message>
    <message numerus="yes">
        <source>%n stage(s) empty</source>
        <translation>
            <numerusform>%n етап порожній</numerusform>
            <numerusform>%n етапи порожні</numerusform>
            <numerusform>%n етапів порожні</numerusform>
        </translation>
    </message>
    <message>
        <source>cancelled before every page arrived</source>
        <translation>скасовано до отримання всіх сторінок</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s): </source>
        <translation>
            <numerusform>%n проблема: </numerusform>
            <numerusform>%n проблеми: </numerusform>
            <numerusform>%n проблем: </numerusform>
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
        <translation>Гість</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Етап</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Ціна</translation>
    </message>
    <message>
        <source>amoCRM lead</source>
        <translation>Лід amoCRM</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Створено</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Request log</source>
        <translation>Журнал запитів</translation>
    </message>
    <message>
        <source>No requests yet</source>
        <translation>Запитів ще немає</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Копіювати як curl</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>невідома помилка</translation>
    </message>
    <message>
        <source>no response: {err}</source>
        <translation>немає відповіді: {err}</translation>
    </message>
    <message>
        <source>... (cut at the body cap)</source>
        <translation>... (обрізано за лімітом тіла)</translation>
    </message>
    <message>
        <source>error: {err}</source>
        <translation>помилка: {err}</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Запити</translation>
    </message>
    <message>
        <source>Request and response</source>
        <translation>Запит і відповідь</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Метод</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Час</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Перевірка</translation>
    </message>
    <message>
        <source>The request as a curl command, secrets redacted</source>
        <translation>Запит як команда curl, секрети приховано</translation>
    </message>
    <message>
        <source>Copy with real token...</source>
        <translation>Копіювати зі справжнім токеном...</translation>
    </message>
    <message>
        <source>Puts user A&apos;s real token into the command: handle the clipboard with care</source>
        <translation>Вставляє в команду справжній токен користувача A: обережно з буфером обміну</translation>
    </message>
    <message>
        <source>Export HAR...</source>
        <translation>Експортувати HAR...</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>помилка</translation>
    </message>
    <message>
        <source>Select a request first.</source>
        <translation>Спершу виберіть запит.</translation>
    </message>
    <message>
        <source>Copied with the real token.</source>
        <translation>Скопійовано зі справжнім токеном.</translation>
    </message>
    <message>
        <source>Copied (redacted).</source>
        <translation>Скопійовано (секрети приховано).</translation>
    </message>
    <message>
        <source>Export HAR</source>
        <translation>Експорт HAR</translation>
    </message>
    <message>
        <source>HAR (*.har)</source>
        <translation>HAR (*.har)</translation>
    </message>
    <message>
        <source>Could not write {path}: {err}</source>
        <translation>Не вдалося записати {path}: {err}</translation>
    </message>
    <message>
        <source>HAR written to {path}</source>
        <translation>HAR записано в {path}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>amogui - AMO CRM integration checklist</source>
        <translation>amogui — чеклист інтеграції AMO CRM</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Чеклист</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Open checklist...</source>
        <translation>&amp;Відкрити чеклист...</translation>
    </message>
    <message>
        <source>&amp;New run</source>
        <translation>&amp;Новий запуск</translation>
    </message>
    <message>
        <source>&amp;Past runs...</source>
        <translation>&amp;Попередні запуски...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Ви&amp;йти</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Крок</translation>
    </message>
    <message>
        <source>Mark {name}</source>
        <translation>Позначити: {name}</translation>
    </message>
    <message>
        <source>Checklist steps</source>
        <translation>Кроки чеклиста</translation>
    </message>
    <message>
        <source>Choose a step; Ctrl+Down goes to the next undecided one</source>
        <translation>Виберіть крок; Ctrl+Down переходить до наступного невирішеного</translation>
    </message>
    <message>
        <source>Selected step</source>
        <translation>Вибраний крок</translation>
    </message>
    <message>
        <source>What to do, what to expect, the automatic checks and your verdict</source>
        <translation>Що зробити, що очікувати, автоматичні перевірки та ваш вердикт</translation>
    </message>
    <message>
        <source>Checklist and leads</source>
        <translation>Чеклист і ліди</translation>
    </message>
    <message>
        <source>Checklist title</source>
        <translation>Назва чеклиста</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Прогрес</translation>
    </message>
    <message>
        <source>Profile and target</source>
        <translation>Профіль і ціль</translation>
    </message>
    <message>
        <source>Clear verdict</source>
        <translation>Скинути вердикт</translation>
    </message>
    <message>
        <source>Next undecided step</source>
        <translation>Наступний невирішений крок</translation>
    </message>
    <message>
        <source>Previous undecided step</source>
        <translation>Попередній невирішений крок</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вигляд</translation>
    </message>
    <message>
        <source>&amp;Export report...</source>
        <translation>&amp;Експортувати звіт...</translation>
    </message>
    <message>
        <source>&amp;Verify report...</source>
        <translation>Перевірити п&amp;ідписи звіту...</translation>
    </message>
    <message>
        <source>&amp;Profiles and users...</source>
        <translation>&amp;Профілі та користувачі...</translation>
    </message>
    <message>
        <source>S&amp;ettings</source>
        <translation>&amp;Налаштування</translation>
    </message>
    <message>
        <source>&amp;Checks</source>
        <translation>&amp;Перевірки</translation>
    </message>
    <message>
        <source>Run &amp;all checks</source>
        <translation>Запустити &amp;всі перевірки</translation>
    </message>
    <message>
        <source>Run this &amp;step&apos;s checks</source>
        <translation>Запустити перевірки цього &amp;кроку</translation>
    </message>
    <message>
        <source>&amp;Cancel checks</source>
        <translation>&amp;Скасувати перевірки</translation>
    </message>
    <message>
        <source>Connect AMO CRM...</source>
        <translation>Підключити AMO CRM...</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Ліди</translation>
    </message>
    <message>
        <source>This step has no automatic checks.</source>
        <translation>У цього кроку немає автоматичних перевірок.</translation>
    </message>
    <message>
        <source>A deep link was refused ({via}): {reason}</source>
        <translation>Deep link відхилено ({via}): {reason}</translation>
    </message>
    <message>
        <source>Deep link received via {via}.</source>
        <translation>Deep link отримано через {via}.</translation>
    </message>
    <message>
        <source>no target yet</source>
        <translation>ціль ще не задано</translation>
    </message>
    <message>
        <source>no profile</source>
        <translation>без профілю</translation>
    </message>
    <message>
        <source>Profile: {profile}
Target: {target}</source>
        <translation>Профіль: {profile}
Ціль: {target}</translation>
    </message>
    <message>
        <source>No undecided step after this one.</source>
        <translation>Після цього кроку невирішених немає.</translation>
    </message>
    <message>
        <source>No undecided step before this one.</source>
        <translation>Перед цим кроком невирішених немає.</translation>
    </message>
    <message>
        <source>Select a step to give it a verdict.</source>
        <translation>Виберіть крок, щоб винести вердикт.</translation>
    </message>
    <message>
        <source>Cancel the running checks first.</source>
        <translation>Спершу скасуйте перевірки, що виконуються.</translation>
    </message>
    <message>
        <source>New run started; the previous one is kept.</source>
        <translation>Почато новий запуск; попередній збережено.</translation>
    </message>
    <message>
        <source>Could not open run {id}: {err}</source>
        <translation>Не вдалося відкрити запуск {id}: {err}</translation>
    </message>
    <message>
        <source>Reopened run {id}.</source>
        <translation>Запуск {id} знову відкрито.</translation>
    </message>
    <message>
        <source>Attach a file to this step</source>
        <translation>Прикріпити файл до цього кроку</translation>
    </message>
    <message>
        <source>Attached {name}.</source>
        <translation>Прикріплено {name}.</translation>
    </message>
    <message>
        <source>Removed {name}.</source>
        <translation>Вилучено {name}.</translation>
    </message>
    <message>
        <source>Export the report into</source>
        <translation>Експортувати звіт у</translation>
    </message>
    <message>
        <source>Verify the report in</source>
        <translation>Перевірити звіт у</translation>
    </message>
    <message>
        <source>Open checklist</source>
        <translation>Відкрити чеклист</translation>
    </message>
    <message>
        <source>Markdown (*.md *.markdown);;All files (*)</source>
        <translation>Markdown (*.md *.markdown);;Усі файли (*)</translation>
    </message>
    <message>
        <source>Could not read {path}: {err}</source>
        <translation>Не вдалося прочитати {path}: {err}</translation>
    </message>
    <message>
        <source>{name} has no steps amogui understands, so the current checklist stays open.</source>
        <translation>У {name} немає кроків, які amogui розуміє, тому відкритим лишається поточний чеклист.</translation>
    </message>
    <message>
        <source>Encoding: {repair}</source>
        <translation>Кодування: {repair}</translation>
    </message>
    <message>
        <source>... and {n} more.</source>
        <translation>... і ще {n}.</translation>
    </message>
    <message>
        <source>Parts of this checklist were not understood:&lt;br&gt;{list}</source>
        <translation>Частину цього чеклиста не розпізнано:&lt;br&gt;{list}</translation>
    </message>
    <message>
        <source>Something went wrong: {err}</source>
        <translation>Щось пішло не так: {err}</translation>
    </message>
    <message>
        <source>{err} Showing the bundled checklist instead.</source>
        <translation>{err} Натомість показано вбудований чеклист.</translation>
    </message>
    <message>
        <source>A deep link message was refused: {reason}</source>
        <translation>Повідомлення з deep link відхилено: {reason}</translation>
    </message>
    <message>
        <source>Another amogui is already running: deep links go to that window.</source>
        <translation>Уже працює інший amogui: deep links надходять у те вікно.</translation>
    </message>
    <message>
        <source>Deep links cannot reach this window: {err}</source>
        <translation>Deep links не можуть потрапити в це вікно: {err}</translation>
    </message>
    <message>
        <source>amogui could not start: {err}

The log has the details: {path}</source>
        <translation>amogui не вдалося запустити: {err}

Подробиці є в журналі: {path}</translation>
    </message>
    <message>
        <source>Signed with a one-time key, because: {why}</source>
        <translation>Підписано одноразовим ключем, бо: {why}</translation>
    </message>
    <message>
        <source>Signing key passphrase</source>
        <translation>Пароль ключа підпису</translation>
    </message>
    <message>
        <source>The signing key {path} is protected by a passphrase.
It is used for this report only and never stored.</source>
        <translation>Ключ підпису {path} захищено паролем.
Пароль використовується лише для цього звіту й ніде не зберігається.</translation>
    </message>
    <message>
        <source>Writing and signing the report...</source>
        <translation>Звіт записується й підписується...</translation>
    </message>
    <message>
        <source>Report written to {dir} ({n} files).</source>
        <translation>Звіт записано в {dir} (файлів: {n}).</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Закрити</translation>
    </message>
</context>
<context>
    <name>PastRunsDialog</name>
    <message>
        <source>Past runs</source>
        <translation>Попередні запуски</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>Завантаження...</translation>
    </message>
    <message>
        <source>Saved runs</source>
        <translation>Збережені запуски</translation>
    </message>
    <message>
        <source> (current)</source>
        <translation> (поточний)</translation>
    </message>
    <message numerus="yes">
        <source>%n saved run(s). Double-click one, or press Enter, to reopen it.</source>
        <translation>
            <numerusform>%n збережений запуск. Двічі клацніть або натисніть Enter, щоб відкрити його знову.</numerusform>
            <numerusform>%n збережені запуски. Двічі клацніть запуск або натисніть Enter, щоб відкрити його знову.</numerusform>
            <numerusform>%n збережених запусків. Двічі клацніть запуск або натисніть Enter, щоб відкрити його знову.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Sandbox starting...</source>
        <translation>Пісочниця запускається...</translation>
    </message>
    <message>
        <source>Sandbox failed to start</source>
        <translation>Пісочниця не запустилася</translation>
    </message>
    <message>
        <source>The sandbox did not start: {err}</source>
        <translation>Пісочниця не запустилася: {err}</translation>
    </message>
    <message>
        <source>Demo user {user} could not log in: {why}</source>
        <translation>Демо-користувач {user} не зміг увійти: {why}</translation>
    </message>
    <message>
        <source>Sandbox running at {url}</source>
        <translation>Пісочниця працює на {url}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Base URL</source>
        <translation>Базовий URL</translation>
    </message>
    <message>
        <source>Authorize URL</source>
        <translation>URL авторизації</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>ID клієнта (client_id)</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Режим</translation>
    </message>
    <message>
        <source>Deep link scheme</source>
        <translation>Схема deep link</translation>
    </message>
    <message>
        <source>Deep link host</source>
        <translation>Хост deep link</translation>
    </message>
    <message>
        <source>Deep link path</source>
        <translation>Шлях deep link</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Вхід</translation>
    </message>
    <message>
        <source>OAuth callback</source>
        <translation>OAuth callback</translation>
    </message>
    <message>
        <source>Exchange code</source>
        <translation>Обмін коду</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Відключення</translation>
    </message>
    <message>
        <source>Pipelines</source>
        <translation>Воронки</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Ліди</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>Номер сторінки</translation>
    </message>
    <message>
        <source>Page size</source>
        <translation>Розмір сторінки</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Воронка</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Етап</translation>
    </message>
    <message>
        <source>Lead status</source>
        <translation>Статус ліда</translation>
    </message>
    <message>
        <source>Profiles and users</source>
        <translation>Профілі та користувачі</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ціль</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Ендпоінти</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Користувачі</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Пісочниця</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профіль</translation>
    </message>
    <message>
        <source>New...</source>
        <translation>Новий...</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дублювати</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Видалити</translation>
    </message>
    <message>
        <source>mobile: base64 of {random, userId, source}, like the mobile app</source>
        <translation>mobile: base64 від {random, userId, source}, як у мобільному застосунку</translation>
    </message>
    <message>
        <source>State format</source>
        <translation>Формат state</translation>
    </message>
    <message>
        <source> req/s (0: unlimited)</source>
        <translation> запитів/с (0: без обмеження)</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Обмеження частоти</translation>
    </message>
    <message>
        <source>Leads page size</source>
        <translation>Розмір сторінки лідів</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Request timeout</source>
        <translation>Тайм-аут запиту</translation>
    </message>
    <message>
        <source>Paths</source>
        <translation>Шляхи</translation>
    </message>
    <message>
        <source>Leads query parameters</source>
        <translation>Параметри запиту лідів</translation>
    </message>
    <message>
        <source>User A - the tester</source>
        <translation>Користувач A — тестувальник</translation>
    </message>
    <message>
        <source>User B - the isolation witness</source>
        <translation>Користувач B — свідок ізоляції</translation>
    </message>
    <message>
        <source>The Local sandbox logs its demo users in by itself at start.</source>
        <translation>Локальна пісочниця сама входить демо-користувачами під час запуску.</translation>
    </message>
    <message>
        <source>Faults the sandbox reproduces (applied when the sandbox profile starts).</source>
        <translation>Збої, які відтворює пісочниця (застосовуються під час запуску профілю пісочниці).</translation>
    </message>
    <message>
        <source>Leads in the sandbox</source>
        <translation>Лідів у пісочниці</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Зберегти</translation>
    </message>
    <message>
        <source>Save and use this profile</source>
        <translation>Зберегти й використати цей профіль</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрити</translation>
    </message>
    <message>
        <source>User {user}: {err}</source>
        <translation>Користувач {user}: {err}</translation>
    </message>
    <message>
        <source>Enter the email and the password first.</source>
        <translation>Спершу введіть email і пароль.</translation>
    </message>
    <message>
        <source>Logging in...</source>
        <translation>Вхід...</translation>
    </message>
    <message>
        <source>Login failed: {why}</source>
        <translation>Не вдалося увійти: {why}</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Новий профіль</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Назва</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Клавіатурні скорочення</translation>
    </message>
    <message>
        <source>&amp;Find an action:</source>
        <translation>&amp;Знайти дію:</translation>
    </message>
    <message>
        <source>action or key</source>
        <translation>дія або клавіша</translation>
    </message>
    <message>
        <source>Find an action</source>
        <translation>Знайти дію</translation>
    </message>
    <message>
        <source>Every action that has a keyboard shortcut, grouped by menu</source>
        <translation>Усі дії, що мають клавіатурне скорочення, згруповані за меню</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Дія</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Скорочення</translation>
    </message>
    <message>
        <source>Everywhere in the window</source>
        <translation>Будь-де у вікні</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Passed</source>
        <translation>Пройдено</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Не пройдено</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблоковано</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Пропущено</translation>
    </message>
    <message>
        <source>Not run</source>
        <translation>Не запускалось</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Пройдено</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Не пройдено</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Пропущено</translation>
    </message>
    <message>
        <source>Clear verdict</source>
        <translation>Скинути вердикт</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>Problem {n}</source>
        <translation>Проблема {n}</translation>
    </message>
    <message>
        <source>Symptoms</source>
        <translation>Симптоми</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>Рішення</translation>
    </message>
    <message>
        <source>Success criterion</source>
        <translation>Критерій успіху</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Частина</translation>
    </message>
    <message>
        <source>Decide its sub-steps.</source>
        <translation>Винесіть вердикти його підкрокам.</translation>
    </message>
    <message>
        <source>{status} - manual verdict</source>
        <translation>{status} — вердикт вручну</translation>
    </message>
    <message>
        <source>{status} - from the automatic checks</source>
        <translation>{status} — за автоматичними перевірками</translation>
    </message>
    <message>
        <source>Not decided yet</source>
        <translation>Ще не вирішено</translation>
    </message>
    <message>
        <source>Automatic checks</source>
        <translation>Автоматичні перевірки</translation>
    </message>
    <message>
        <source>Run this step&apos;s checks</source>
        <translation>Запустити перевірки цього кроку</translation>
    </message>
    <message>
        <source>Run the automatic checks of this step (Shift+F5)</source>
        <translation>Запустити автоматичні перевірки цього кроку (Shift+F5)</translation>
    </message>
    <message>
        <source>Select a step in the checklist on the left.</source>
        <translation>Виберіть крок у чеклисті ліворуч.</translation>
    </message>
    <message>
        <source>Set-up</source>
        <translation>Налаштування</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Сценарій</translation>
    </message>
    <message>
        <source>Sub-step</source>
        <translation>Підкрок</translation>
    </message>
    <message>
        <source>Backend review</source>
        <translation>Перевірка backend</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Логи</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Крок</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Дії</translation>
    </message>
    <message>
        <source>Expected result</source>
        <translation>Очікуваний результат</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Нотатки</translation>
    </message>
    <message>
        <source>API test</source>
        <translation>API тест</translation>
    </message>
    <message>
        <source>Expected response</source>
        <translation>Очікувана відповідь</translation>
    </message>
    <message>
        <source>Run API test</source>
        <translation>Виконати API тест</translation>
    </message>
    <message>
        <source>Send this request with the profile&apos;s base URL and user A&apos;s token</source>
        <translation>Надіслати цей запит із базовим URL профілю й токеном користувача A</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Перевірка</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Вердикт</translation>
    </message>
    <message>
        <source>Mark this step {name} ({key})</source>
        <translation>Позначити цей крок: {name} ({key})</translation>
    </message>
    <message>
        <source>Clear verdict</source>
        <translation>Скинути вердикт</translation>
    </message>
    <message>
        <source>Back to the automatic result ({key})</source>
        <translation>Повернути автоматичний результат ({key})</translation>
    </message>
    <message>
        <source>Actual result</source>
        <translation>Фактичний результат</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Вкладення</translation>
    </message>
    <message>
        <source>Attach a file...</source>
        <translation>Прикріпити файл...</translation>
    </message>
    <message>
        <source>Keep a screenshot or a file with this step; it is signed into the report</source>
        <translation>Зберегти знімок екрана чи файл із цим кроком; його буде підписано у звіті</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Вилучити</translation>
    </message>
    <message>
        <source>Take {name} off this step</source>
        <translation>Прибрати {name} з цього кроку</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Вилучити {name}</translation>
    </message>
    <message>
        <source>What happened (kept with the verdict)</source>
        <translation>Що сталося (зберігається з вердиктом)</translation>
    </message>
    <message>
        <source>Anything worth remembering</source>
        <translation>Усе, що варто запам’ятати</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Пройдено</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Не пройдено</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Заблоковано</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Пропущено</translation>
    </message>
    <message>
        <source>Not run</source>
        <translation>Не запускалось</translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>Ще не запускалось</translation>
    </message>
    <message>
        <source>Proves: {text}</source>
        <translation>Доводить: {text}</translation>
    </message>
    <message>
        <source>Expected: {e}&lt;br&gt;Actual: {a}</source>
        <translation>Очікувано: {e}&lt;br&gt;Фактично: {a}</translation>
    </message>
    <message>
        <source>Accepted variation: {v}</source>
        <translation>Прийнятний варіант: {v}</translation>
    </message>
    <message>
        <source>&lt;b&gt;amogui&apos;s note&lt;/b&gt;, not in the checklist ({title})</source>
        <translation>&lt;b&gt;Примітка amogui&lt;/b&gt;, якої немає в чек-листі ({title})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Diagnosis&lt;/b&gt; ({title})</source>
        <translation>&lt;b&gt;Діагноз&lt;/b&gt; ({title})</translation>
    </message>
    <message>
        <source>&lt;b&gt;Solution&lt;/b&gt;</source>
        <translation>&lt;b&gt;Рішення&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Evidence: {ids} (see the request log)</source>
        <translation>Докази: {ids} (див. журнал запитів)</translation>
    </message>
    <message>
        <source>Open: no check can judge this; it needs your verdict.</source>
        <translation>Відкрито: жодна перевірка не може цього оцінити; потрібен ваш вердикт.</translation>
    </message>
    <message>
        <source>Met: every check it rests on passed.</source>
        <translation>Виконано: кожну перевірку, на якій він ґрунтується, пройдено.</translation>
    </message>
    <message>
        <source>Not met: a check it rests on failed.</source>
        <translation>Не виконано: перевірку, на якій він ґрунтується, не пройдено.</translation>
    </message>
    <message>
        <source>Not met yet: a check it rests on is blocked.</source>
        <translation>Ще не виконано: перевірку, на якій він ґрунтується, заблоковано.</translation>
    </message>
    <message>
        <source>Open: some checks it rests on have not passed yet.</source>
        <translation>Відкрито: деякі перевірки, на яких він ґрунтується, ще не пройдено.</translation>
    </message>
    <message>
        <source>Rests on: {checks}</source>
        <translation>Ґрунтується на: {checks}</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Ключ</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Очікувано</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>Фактично</translation>
    </message>
    <message>
        <source>&lt;br&gt;... and {n} more keys</source>
        <translation>&lt;br&gt;... і ще ключів: {n}</translation>
    </message>
</context>
<context>
    <name>UserBox</name>
    <message>
        <source>Paste a JWT (Bearer prefix is fine)</source>
        <translation>Вставте JWT (можна з префіксом Bearer)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показати</translation>
    </message>
    <message>
        <source>email</source>
        <translation>email</translation>
    </message>
    <message>
        <source>password</source>
        <translation>пароль</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Увійти</translation>
    </message>
    <message>
        <source>JWT</source>
        <translation>JWT</translation>
    </message>
    <message>
        <source>or log in</source>
        <translation>або увійдіть</translation>
    </message>
    <message>
        <source>No token yet.</source>
        <translation>Токена ще немає.</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Report verification</source>
        <translation>Перевірка звіту</translation>
    </message>
    <message>
        <source>All signatures and hashes are good.</source>
        <translation>Усі підписи й хеші правильні.</translation>
    </message>
    <message>
        <source>The report does NOT verify.</source>
        <translation>Звіт НЕ пройшов перевірку.</translation>
    </message>
    <message>
        <source>Folder: {dir}&lt;br&gt;Signer: {id} ({fp})&lt;br&gt;Trust: {trust}</source>
        <translation>Тека: {dir}&lt;br&gt;Підписант: {id} ({fp})&lt;br&gt;Довіра: {trust}</translation>
    </message>
</context>
</TS>
