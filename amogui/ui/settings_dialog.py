"""Profiles and users A/B: every path and parameter name, tokens pasted or logged in.

Profiles go to ``profiles.json`` (never a secret); tokens go to the keychain through
`SecretStore`, or stay in memory with a visible warning where no keychain exists.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from amogui.base.i18n import render
from amogui.sandbox.faults import FAULTS
from amogui.sandbox.faults import describe as describe_fault
from amogui.service.target import Target, login_user
from amogui.settings.jwtinfo import claims, strip_token
from amogui.settings.profiles import Profile
from amogui.settings.secrets import USERS
from amogui.settings.store import SettingsError
from amogui.ui.appearance import set_tone
from amogui.ui.core_text import core_text
from amogui.ui.identity_page import IdentityPage
from amogui.ui.jwt_text import claims_text
from amogui.ui.tell import reason

# Labels are marked for extraction here and translated where they are shown.
TEXT_FIELDS = (
    ("base_url", QT_TRANSLATE_NOOP("SettingsDialog", "Base URL")),
    ("authorize_url", QT_TRANSLATE_NOOP("SettingsDialog", "Authorize URL")),
    ("client_id", QT_TRANSLATE_NOOP("SettingsDialog", "Client id")),
    ("mode", QT_TRANSLATE_NOOP("SettingsDialog", "Mode")),
    ("deeplink_scheme", QT_TRANSLATE_NOOP("SettingsDialog", "Deep link scheme")),
    ("deeplink_host", QT_TRANSLATE_NOOP("SettingsDialog", "Deep link host")),
    ("deeplink_path", QT_TRANSLATE_NOOP("SettingsDialog", "Deep link path")),
)
PATH_LABELS = {
    "login": QT_TRANSLATE_NOOP("SettingsDialog", "Login"),
    "callback": QT_TRANSLATE_NOOP("SettingsDialog", "OAuth callback"),
    "exchange_code": QT_TRANSLATE_NOOP("SettingsDialog", "Exchange code"),
    "status": QT_TRANSLATE_NOOP("SettingsDialog", "Status"),
    "disconnect": QT_TRANSLATE_NOOP("SettingsDialog", "Disconnect"),
    "pipelines": QT_TRANSLATE_NOOP("SettingsDialog", "Pipelines"),
    "leads": QT_TRANSLATE_NOOP("SettingsDialog", "Leads"),
}
PARAM_LABELS = {
    "page": QT_TRANSLATE_NOOP("SettingsDialog", "Page number"),
    "limit": QT_TRANSLATE_NOOP("SettingsDialog", "Page size"),
    "pipeline": QT_TRANSLATE_NOOP("SettingsDialog", "Pipeline"),
    "stage": QT_TRANSLATE_NOOP("SettingsDialog", "Stage"),
    "status": QT_TRANSLATE_NOOP("SettingsDialog", "Lead status"),
}


def keychain_warning() -> str:
    """What to do when there is no keychain (the library's own reason is in the log)."""
    return QCoreApplication.translate(
        "SettingsDialog",
        "No system keychain: tokens and passwords last only until amogui closes. To keep "
        "them, unlock GNOME Keyring, KWallet or KeePassXC (Secret Service) and restart amogui.",
    )


class UserBox(QGroupBox):
    """User A or B: a pasted JWT, or email + password to log in; the decoded claims."""

    login_requested = Signal(str, str, str)  # user, email, password

    def __init__(self, user: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.user = user
        grid = QGridLayout(self)
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName(f"token{user}")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(self.tr("Paste a JWT (Bearer prefix is fine)"))
        self.token_edit.textChanged.connect(self.update_claims)
        show = QCheckBox(self.tr("Show"))
        show.toggled.connect(
            lambda on: self.token_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText(self.tr("email"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("password"))
        self.login_button = QPushButton(self.tr("Log in"))
        self.login_button.setObjectName(f"login{user}")
        self.login_button.clicked.connect(
            lambda: self.login_requested.emit(
                self.user, self.email_edit.text().strip(), self.password_edit.text()
            )
        )
        self.claims_label = QLabel()
        self.claims_label.setObjectName(f"claims{user}")
        self.claims_label.setWordWrap(True)
        grid.addWidget(QLabel(self.tr("JWT")), 0, 0)
        grid.addWidget(self.token_edit, 0, 1, 1, 3)
        grid.addWidget(show, 0, 4)
        grid.addWidget(QLabel(self.tr("or log in")), 1, 0)
        grid.addWidget(self.email_edit, 1, 1)
        grid.addWidget(self.password_edit, 1, 2)
        grid.addWidget(self.login_button, 1, 3)
        grid.addWidget(self.claims_label, 2, 0, 1, 5)
        self.update_claims()

    def token(self) -> str:
        return strip_token(self.token_edit.text())

    def set_token(self, token: str | None) -> None:
        self.token_edit.setText(token or "")

    def update_claims(self) -> None:
        token = self.token()
        if not token:
            self.claims_label.setText(self.tr("No token yet."))
            set_tone(self.claims_label, "muted")
            return
        info = claims(token)
        self.claims_label.setText(claims_text(info))
        bad = info.error is not None or info.expired
        set_tone(self.claims_label, "bad" if bad else "good")


class SettingsDialog(QDialog):
    profile_chosen = Signal(str)  # "Use this profile"

    def __init__(self, session: Target, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Profiles and users"))
        self.resize(760, 560)
        self.session = session
        self.profiles = session.profiles
        self.secrets = session.secrets
        self.text_edits: dict[str, QLineEdit] = {}
        self.path_edits: dict[str, QLineEdit] = {}
        self.param_edits: dict[str, QLineEdit] = {}
        self.fault_boxes: dict[str, QCheckBox] = {}
        self.users: dict[str, UserBox] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        layout = QVBoxLayout(self)
        self.keychain_banner = QLabel(keychain_warning())
        self.keychain_banner.setObjectName("keychainBanner")
        self.keychain_banner.setWordWrap(True)
        self.keychain_banner.setVisible(not self.secrets.persistent)
        layout.addWidget(self.keychain_banner)
        layout.addLayout(self._profile_row())
        tabs = QTabWidget()
        tabs.addTab(self._target_tab(), self.tr("Target"))
        tabs.addTab(self._endpoints_tab(), self.tr("Endpoints"))
        tabs.addTab(self._users_tab(), self.tr("Users"))
        tabs.addTab(self._sandbox_tab(), self.tr("Sandbox"))
        self.identity_page = IdentityPage(parent=self)
        tabs.addTab(self.identity_page, self.tr("Tester and signing"))
        layout.addWidget(tabs, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        set_tone(self.error_label, "bad")
        layout.addWidget(self.error_label)
        layout.addLayout(self._buttons())
        self.load_profile(session.profile.name)

    # -- layout ------------------------------------------------------------------------------
    def _profile_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Profile")))
        self.profile_box = QComboBox()
        self.profile_box.addItems(self.profiles.names())
        self.profile_box.currentTextChanged.connect(self.load_profile)
        row.addWidget(self.profile_box, 1)
        for text, slot in (
            (self.tr("New..."), self._new_profile),
            (self.tr("Duplicate"), self._duplicate_profile),
            (self.tr("Delete"), self._delete_profile),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    def _target_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for key, label in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            self.text_edits[key] = edit
            form.addRow(self.tr(str(label)), edit)
        self.state_box = QComboBox()
        self.state_box.addItems(["random", "mobile"])
        self.state_box.setToolTip(
            self.tr("mobile: base64 of {random, userId, source}, like the mobile app")
        )
        form.addRow(self.tr("State format"), self.state_box)
        self.rate_spin = QDoubleSpinBox()
        self.rate_spin.setRange(0, 1000)
        self.rate_spin.setSuffix(self.tr(" req/s (0: unlimited)"))
        form.addRow(self.tr("Rate limit"), self.rate_spin)
        self.limit_spin = QSpinBox()
        self.limit_spin.setRange(1, 1000)
        form.addRow(self.tr("Leads page size"), self.limit_spin)
        self.timeout_spin = QDoubleSpinBox()
        self.timeout_spin.setRange(0.5, 600)
        self.timeout_spin.setSuffix(self.tr(" s"))
        form.addRow(self.tr("Request timeout"), self.timeout_spin)
        self.probes_box = QComboBox()
        self.probes_box.setObjectName("productionProbes")
        self.probes_box.addItem(self.tr("Ask before the first run"), None)
        self.probes_box.addItem(self.tr("Run them"), True)
        self.probes_box.addItem(self.tr("Skip them"), False)
        self.probes_box.setToolTip(
            self.tr(
                "oauth.callback and callback.errors send the callback a made-up code; a "
                "later backend passes it on to amoCRM (refused there, but seen in the logs)"
            )
        )
        form.addRow(self.tr("Probes that reach amoCRM"), self.probes_box)
        return page

    def _endpoints_tab(self) -> QWidget:
        page = QWidget()
        outer = QHBoxLayout(page)
        paths = QGroupBox(self.tr("Paths"))
        path_form = QFormLayout(paths)
        for key in Profile(name="x", base_url="").paths:
            edit = QLineEdit()
            edit.setObjectName(f"path_{key}")
            self.path_edits[key] = edit
            path_form.addRow(self._field_label(PATH_LABELS, key), edit)
        params = QGroupBox(self.tr("Leads query parameters"))
        param_form = QFormLayout(params)
        for key in Profile(name="x", base_url="").params:
            edit = QLineEdit()
            edit.setObjectName(f"param_{key}")
            self.param_edits[key] = edit
            param_form.addRow(self._field_label(PARAM_LABELS, key), edit)
        outer.addWidget(paths, 3)
        outer.addWidget(params, 2)
        return page

    def _field_label(self, labels: dict[str, object], key: str) -> str:
        """A field's label in the UI language; a key this dialog does not know stays as is."""
        return self.tr(str(labels[key])) if key in labels else key

    def _users_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        titles = {
            "A": self.tr("User A - the tester"),
            "B": self.tr("User B - the isolation witness"),
        }
        for user in USERS:
            box = UserBox(user, titles[user])
            box.login_requested.connect(self._login)
            self.users[user] = box
            layout.addWidget(box)
        self.sandbox_users_note = QLabel(
            self.tr("The Local sandbox logs its demo users in by itself at start.")
        )
        self.sandbox_users_note.setObjectName("hint")
        layout.addWidget(self.sandbox_users_note)
        layout.addStretch(1)
        return page

    def _sandbox_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        hint = QLabel(
            self.tr("Faults the sandbox reproduces (applied when the sandbox profile starts).")
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        grid = QGridLayout()
        for n, name in enumerate(FAULTS):
            box = QCheckBox(name)  # the fault's name, as `amogui sandbox --fault` takes it
            box.setToolTip(describe_fault(name, core_text))  # what it does, and its kind
            self.fault_boxes[name] = box
            grid.addWidget(box, n // 2, n % 2)
        layout.addLayout(grid)
        form = QFormLayout()
        self.leads_spin = QSpinBox()
        self.leads_spin.setRange(0, 100_000)
        form.addRow(self.tr("Leads in the sandbox"), self.leads_spin)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveProfile")
        self.save_button.clicked.connect(lambda: self._spawn(self.save()))
        self.use_button = QPushButton(self.tr("Save and use this profile"))
        self.use_button.setObjectName("useProfile")
        self.use_button.setDefault(True)
        self.use_button.clicked.connect(lambda: self._spawn(self.save_and_use()))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        for button in (self.save_button, self.use_button, close):
            row.addWidget(button)
        return row

    # -- form <-> profile ----------------------------------------------------------------------
    def load_profile(self, name: str) -> None:
        if not name:
            return
        try:
            profile = self.profiles.get(name)
        except SettingsError as exc:
            self.error_label.setText(reason(exc))
            return
        if self.profile_box.currentText() != profile.name:
            self.profile_box.setCurrentText(profile.name)
        shown = profile
        if profile.sandbox and self.session.profile.name == profile.name:
            shown = self.session.profile  # the running sandbox's URLs
        for key, edit in self.text_edits.items():
            edit.setText(str(getattr(shown, key)))
        self.text_edits["base_url"].setReadOnly(profile.sandbox)
        self.state_box.setCurrentText(profile.state_format)
        self.rate_spin.setValue(profile.rate_limit)
        self.limit_spin.setValue(profile.page_limit)
        self.timeout_spin.setValue(profile.timeout)
        # The sandbox's amoCRM is a stand-in: its probes always run.
        self.probes_box.setCurrentIndex(
            1 if profile.sandbox else self.probes_box.findData(profile.production_probes)
        )
        self.probes_box.setEnabled(not profile.sandbox)
        for key, edit in self.path_edits.items():
            edit.setText(profile.paths.get(key, ""))
        for key, edit in self.param_edits.items():
            edit.setText(profile.params.get(key, ""))
        for fault, box in self.fault_boxes.items():
            box.setChecked(fault in profile.sandbox_faults)
        self.leads_spin.setValue(profile.sandbox_leads)
        self.sandbox_users_note.setVisible(profile.sandbox)
        active = self.session.profile.name == profile.name
        for user, user_box in self.users.items():
            stored = self.session.token(user) if active else None
            if stored is None and not profile.sandbox:
                stored = self.secrets.get_token(name, user)
            user_box.set_token(stored)
        self.error_label.clear()

    def profile_from_form(self) -> Profile:
        profile = self.profiles.get(self.profile_box.currentText())
        for key, edit in self.text_edits.items():
            if key == "base_url" and profile.sandbox:
                continue  # the sandbox picks its own port at every start
            setattr(profile, key, edit.text().strip())
        profile.state_format = self.state_box.currentText()
        profile.rate_limit = float(self.rate_spin.value())
        profile.page_limit = int(self.limit_spin.value())
        profile.timeout = float(self.timeout_spin.value())
        if not profile.sandbox:
            probes = self.probes_box.currentData()
            profile.production_probes = probes if isinstance(probes, bool) else None
        profile.paths = {k: e.text().strip() for k, e in self.path_edits.items()}
        profile.params = {k: e.text().strip() for k, e in self.param_edits.items()}
        profile.sandbox_faults = sorted(f for f, box in self.fault_boxes.items() if box.isChecked())
        profile.sandbox_leads = int(self.leads_spin.value())
        return profile

    # -- actions ---------------------------------------------------------------------------------
    async def save(self) -> bool:
        profile = self.profile_from_form()
        tokens = {user: box.token() for user, box in self.users.items()}
        for user, token in tokens.items():
            info = claims(token) if token else None
            if info is not None and info.error:
                self.error_label.setText(
                    self.tr("User {user}: {err}").format(user=user, err=claims_text(info))
                )
                return False
        try:
            await asyncio.to_thread(self._store, profile, tokens)
        except (SettingsError, OSError) as exc:
            self.error_label.setText(reason(exc))
            return False
        if self.session.profile.name == profile.name:
            for user, token in tokens.items():
                self.session.set_token(user, token or None)
        self.error_label.setText("")
        return True

    def _store(self, profile: Profile, tokens: dict[str, str]) -> None:
        self.profiles.update(profile)
        if profile.sandbox:
            return  # sandbox tokens are minted at every start; keep them out of the keychain
        for user, token in tokens.items():
            self.secrets.set_token(profile.name, user, token or None)

    async def save_and_use(self) -> None:
        if await self.save():
            self.profile_chosen.emit(self.profile_box.currentText())
            self.accept()

    async def _login_async(self, user: str, email: str, password: str) -> None:
        box = self.users[user]
        if not email or not password:
            box.claims_label.setText(self.tr("Enter the email and the password first."))
            return
        profile = self.profile_from_form()
        if profile.sandbox and self.session.profile.name == profile.name:
            profile.base_url = self.session.profile.base_url
        box.login_button.setEnabled(False)
        box.claims_label.setText(self.tr("Logging in..."))
        try:
            outcome = await login_user(profile, email, password)
        finally:
            box.login_button.setEnabled(True)
        if outcome.token:
            box.set_token(outcome.token)
            box.password_edit.clear()
        else:
            why = render(outcome.problem or "")
            box.claims_label.setText(self.tr("Login failed: {why}").format(why=why))

    def _login(self, user: str, email: str, password: str) -> None:
        self._spawn(self._login_async(user, email, password))

    def _new_profile(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New profile"), self.tr("Name"))
        if ok and name.strip():
            self._change(lambda: self.profiles.create(name.strip()).name)

    def _duplicate_profile(self) -> None:
        self._change(lambda: self.profiles.duplicate(self.profile_box.currentText()).name)

    def _delete_profile(self) -> None:
        def delete() -> str:
            self.profiles.delete(self.profile_box.currentText())
            return self.profiles.last_used

        self._change(delete)

    def _change(self, action: Any) -> None:
        try:
            name = action()
        except SettingsError as exc:
            self.error_label.setText(reason(exc))
            return
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        self.profile_box.addItems(self.profiles.names())
        self.profile_box.blockSignals(False)
        self.load_profile(name)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
