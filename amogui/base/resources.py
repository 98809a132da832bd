"""Where amogui's bundled files are: the checklist, the icon, the translation sources.

They live in the top-level ``resources/`` folder of a checkout. A wheel carries that folder
as the data package ``amogui.resources`` (see setup.py), and the frozen app ships it at the
same place inside its bundle, so one rule finds it everywhere: ``resources`` beside the
package's own files when it is there (a wheel, the frozen app), else beside the package
(a checkout, an editable install).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # .../amogui


def resources_dir(package_dir: Path = PACKAGE_DIR) -> Path:
    """The folder of the bundled files."""
    installed = package_dir / "resources"
    if installed.is_dir():
        return installed
    return package_dir.parent / "resources"


def resource(*parts: str) -> Path:
    """A bundled file: ``resource("checklists", "amo-crm-testing-checklist.uk.md")``."""
    return resources_dir().joinpath(*parts)
