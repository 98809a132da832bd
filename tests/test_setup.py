"""setup.py: a wheel's build carries the resources folder and the compiled catalogues."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

from amogui.base.catalogues import SOURCE_KEY_HEADER, source_key, translations_dir

ROOT = Path(__file__).resolve().parent.parent


def test_build_py_compiles_every_catalogue_into_the_build(tmp_path: Path) -> None:
    build = tmp_path / "lib"
    result = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The top-level resources/ is the data package amogui.resources in a build.
    built = build / "amogui" / "resources" / translations_dir().name
    assert (build / "amogui" / "resources" / "checklists").is_dir()
    assert {p.name for p in built.glob("*.po")} == {p.name for p in translations_dir().glob("*.po")}
    for po in sorted(translations_dir().glob("*.po")):
        with (built / po.with_suffix(".mo").name).open("rb") as fh:
            info = gettext.GNUTranslations(fh).info()
        assert info[SOURCE_KEY_HEADER.lower()] == source_key(po.read_bytes())
    assert not list(translations_dir().glob("*.mo"))  # nothing written into the sources
