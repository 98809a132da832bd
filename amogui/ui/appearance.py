"""Light and dark appearance, following the system (Qt 6.5+ ``QStyleHints.colorScheme``).

The stylesheet is built from one colour table per scheme, so no colour is written once
for light only. Where the platform gives a light palette although the system asks for dark
(Fusion on a bare X server), a dark palette is set as well; when the system switches while
amogui runs, the appearance switches with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

LIGHT = {
    "window": "#fbfcfd",
    "header": "#1f2a37",
    "header_text": "#e6edf3",
    "header_muted": "#9fb3c8",
    "tree": "#f4f6f8",
    "border": "#e1e5ea",
    "selected": "#dbe8f7",
    "selected_text": "#10243a",
    "muted": "#6b7785",
    "title": "#14202e",
    "heading": "#3c4a5a",
    "caption": "#4a5868",
    "code": "#0f1720",
    "code_text": "#d6e2ee",
    "field": "#ffffff",
    "field_border": "#d5dbe2",
    "button": "#ffffff",
    "button_border": "#c9d1da",
    "button_hover": "#eef3f8",
    "status_bar": "#eef1f4",
    "accent": "#1f6feb",
    "passed": "#2e9d57",
    "failed": "#d64545",
    "blocked": "#d98a1c",
    "skipped": "#7b8794",
    "on_accent": "#ffffff",
    "good_text": "#1c6b3a",
    "bad_text": "#b42318",
    "info_bg": "#e8f1fb",
    "info_text": "#173a5e",
    "info_border": "#b9d3ef",
    "warning_bg": "#fff4dc",
    "warning_text": "#5c3d00",
    "warning_border": "#f0d28c",
    "error_bg": "#fde8e8",
    "error_text": "#6b1414",
    "error_border": "#f1b4b4",
}

DARK = {
    "window": "#161b22",
    "header": "#0d1117",
    "header_text": "#e6edf3",
    "header_muted": "#8b9bb0",
    "tree": "#1c222b",
    "border": "#30363d",
    "selected": "#1f3a5f",
    "selected_text": "#e6edf3",
    "muted": "#8b949e",
    "title": "#e6edf3",
    "heading": "#adbac7",
    "caption": "#9da7b3",
    "code": "#0b0f14",
    "code_text": "#d6e2ee",
    "field": "#0d1117",
    "field_border": "#3d444d",
    "button": "#21262d",
    "button_border": "#3d444d",
    "button_hover": "#2d333b",
    "status_bar": "#1c222b",
    "accent": "#388bfd",
    "passed": "#3fb950",
    "failed": "#f85149",
    "blocked": "#d29922",
    "skipped": "#8b949e",
    "on_accent": "#ffffff",
    "good_text": "#56d364",
    "bad_text": "#ff7b72",
    "info_bg": "#102a43",
    "info_text": "#c9e2ff",
    "info_border": "#1f4f80",
    "warning_bg": "#3a2a05",
    "warning_text": "#f2d48c",
    "warning_border": "#6b4e0f",
    "error_bg": "#3d1214",
    "error_text": "#ffc4c0",
    "error_border": "#7a2a2d",
}

_TEMPLATE = """
QMainWindow, #stepBody {{ background: {window}; }}
#header {{ background: {header}; }}
#header QLabel {{ color: {header_text}; }}
#checklistTitle {{ font-size: 15px; font-weight: 600; }}
#progressLabel {{ color: {header_muted}; font-size: 12px; }}
#targetLabel {{ color: {header_muted}; font-size: 12px; }}
#checklistTree {{ border: none; border-right: 1px solid {border}; background: {tree};
    font-size: 13px; }}
#checklistTree::item {{ padding: 3px 2px; }}
#checklistTree::item:selected {{ background: {selected}; color: {selected_text}; }}
#kicker {{ color: {muted}; font-size: 11px; font-weight: 600; letter-spacing: 1px; }}
#stepTitle {{ font-size: 19px; font-weight: 600; color: {title}; }}
#sectionHeading {{ font-size: 12px; font-weight: 700; color: {heading}; margin-top: 8px;
    text-transform: uppercase; }}
#caption {{ color: {caption}; font-weight: 600; }}
#hint {{ color: {muted}; }}
QPlainTextEdit#code {{ background: {code}; color: {code_text}; border-radius: 6px;
    padding: 6px; border: none; }}
QPlainTextEdit#actualEdit, QPlainTextEdit#noteEdit {{ background: {field};
    border: 1px solid {field_border}; border-radius: 6px; }}
QPlainTextEdit#actualEdit:focus, QPlainTextEdit#noteEdit:focus {{
    border: 2px solid {accent}; }}
QPlainTextEdit#code:focus {{ border: 2px solid {accent}; }}
#checkCard {{ background: {field}; border: 1px solid {border}; border-radius: 8px; }}
QPushButton {{ padding: 5px 12px; border-radius: 5px; border: 1px solid {button_border};
    background: {button}; }}
QPushButton:hover {{ background: {button_hover}; }}
QPushButton:focus {{ border: 2px solid {accent}; }}
QToolButton:focus {{ border: 2px solid {accent}; border-radius: 4px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus,
QPlainTextEdit:focus, QTextEdit:focus {{ border: 2px solid {accent}; border-radius: 4px; }}
QTreeView:focus, QTableView:focus, QListView:focus {{ border: 2px solid {accent}; }}
#checklistTree:focus {{ border: 2px solid {accent}; }}
QCheckBox:focus, QRadioButton:focus {{ border: 1px dashed {accent}; border-radius: 3px; }}
QCheckBox, QRadioButton {{ border: 1px solid transparent; padding: 1px 2px; }}
QTabBar::tab:focus {{ border: 2px solid {accent}; }}
QLabel:focus {{ border: 1px dashed {accent}; }}
QPushButton:checked {{ background: {accent}; color: {on_accent}; border-color: {accent}; }}
QPushButton#verdict_failed:checked {{ background: {failed}; border-color: {failed}; }}
QPushButton#verdict_passed:checked {{ background: {passed}; border-color: {passed}; }}
QPushButton#verdict_blocked:checked {{ background: {blocked}; border-color: {blocked}; }}
QPushButton#verdict_skipped:checked {{ background: {skipped}; border-color: {skipped}; }}
QStatusBar {{ background: {status_bar}; color: {heading}; }}
#messageBar {{ border-radius: 4px; }}
#messageBar[level="info"] {{ background: {info_bg}; color: {info_text};
    border: 1px solid {info_border}; }}
#messageBar[level="warning"] {{ background: {warning_bg}; color: {warning_text};
    border: 1px solid {warning_border}; }}
#messageBar[level="error"] {{ background: {error_bg}; color: {error_text};
    border: 1px solid {error_border}; }}
#keychainBanner {{ background: {warning_bg}; color: {warning_text}; padding: 6px;
    border-radius: 4px; }}
QLabel[tone="good"] {{ color: {good_text}; }}
QLabel[tone="bad"] {{ color: {bad_text}; }}
QLabel[tone="muted"] {{ color: {muted}; }}
"""


def colours(dark: bool) -> dict[str, str]:
    return dict(DARK if dark else LIGHT)


def stylesheet(dark: bool) -> str:
    """The application stylesheet for a light or a dark appearance."""
    return _TEMPLATE.format(**colours(dark))


def set_property_styled(widget: QWidget, name: str, value: str) -> None:
    """Set a property the stylesheet selects on (``[tone="bad"]``) and re-apply the style."""
    if widget.property(name) == value:
        return  # unchanged: a re-polish under the stylesheet costs ~10 ms for nothing
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def set_tone(widget: QWidget, tone: str) -> None:
    """Colour a text by what it means: "good", "bad", "muted" or "" (plain), in the
    colours of the current appearance (light or dark)."""
    set_property_styled(widget, "tone", tone)


def tone_colour(tone: str) -> QColor:
    """A colour by meaning for the current appearance, for item models (no stylesheet)."""
    dark = palette_is_dark(QGuiApplication.palette())
    table = DARK if dark else LIGHT
    key = {"good": "good_text", "bad": "bad_text", "muted": "muted"}.get(tone, "title")
    return QColor(table[key])


def palette_is_dark(palette: QPalette) -> bool:
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def system_is_dark(app: QGuiApplication) -> bool:
    """Dark when the system says so; when it does not say (Unknown), as the palette looks."""
    from PySide6.QtCore import Qt

    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return palette_is_dark(app.palette())


def dark_palette() -> QPalette:
    """A dark palette for styles (Fusion) that do not bring one themselves."""
    c = DARK
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.WindowText: c["title"],
        QPalette.ColorRole.Base: c["field"],
        QPalette.ColorRole.AlternateBase: c["tree"],
        QPalette.ColorRole.ToolTipBase: c["button"],
        QPalette.ColorRole.ToolTipText: c["title"],
        QPalette.ColorRole.PlaceholderText: c["muted"],
        QPalette.ColorRole.Text: c["title"],
        QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["title"],
        QPalette.ColorRole.BrightText: c["failed"],
        QPalette.ColorRole.Link: c["accent"],
        QPalette.ColorRole.Highlight: c["accent"],
        QPalette.ColorRole.HighlightedText: c["on_accent"],
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["muted"]))
    return palette


class Appearance(QObject):
    """Applies the stylesheet (and, where needed, a dark palette) and follows the system.

    `watch` asks the system's colour scheme and follows its changes. Until then the
    appearance goes by the palette alone: the first read of the scheme costs ~40 ms
    (PySide6 builds every enum of the Qt namespace), which the window's first paint does
    not wait for. Platforms that know the scheme give a palette to match; where they do
    not (Fusion on a bare X server), `watch` corrects it right after.
    """

    def __init__(self, app: QApplication, *, watch: bool = True) -> None:
        super().__init__(app)
        self._app = app
        self._own_palette = False
        self.dark = False
        self._watching = False
        if watch:
            self.watch()

    def watch(self, *, match_now: bool = False) -> None:
        """Follow the system's colour scheme from now on; `match_now` also matches it now
        (re-styling only if that changes anything)."""
        if not self._watching:
            self._watching = True
            self._app.styleHints().colorSchemeChanged.connect(self.apply)
        if match_now and system_is_dark(self._app) != self.dark:
            self.apply()

    def _is_dark(self, scheme: Qt.ColorScheme | None) -> bool:
        from PySide6.QtCore import Qt

        if scheme is None or scheme == Qt.ColorScheme.Unknown:
            return system_is_dark(self._app)
        return scheme == Qt.ColorScheme.Dark

    def apply(self, scheme: Qt.ColorScheme | None = None, *, by_palette: bool = False) -> bool:
        """Match the system (or the scheme `colorSchemeChanged` just announced); returns
        whether the dark appearance is in use. `by_palette`: judge by the palette alone."""
        dark = palette_is_dark(self._app.palette()) if by_palette else self._is_dark(scheme)
        if self._own_palette and not dark:
            self._app.setPalette(QPalette())  # back to the style's own light palette
            self._own_palette = False
        if dark and not palette_is_dark(self._app.palette()):
            self._app.setPalette(dark_palette())
            self._own_palette = True
        self._app.setStyleSheet(stylesheet(dark))
        self.dark = dark
        return dark


def follow_system(app: QApplication, *, scheme_later: bool = False) -> Appearance:
    """Apply the system's appearance now and whenever it changes.

    `scheme_later`: go by the palette now and leave the colour scheme to
    `Appearance.watch()`, to be called once the window is on screen."""
    appearance = Appearance(app, watch=not scheme_later)
    appearance.apply(by_palette=scheme_later)
    return appearance
