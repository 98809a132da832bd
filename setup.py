"""What pyproject.toml cannot declare.

- The top-level ``resources/`` folder (the bundled checklist, the icon, the translation
  sources) travels inside the wheel as the data package ``amogui.resources``, where
  `amogui.base.resources` finds it (a checkout reads the folder itself).
- The translation catalogues are compiled: a wheel (and so a plain ``pip install .``)
  carries ``amogui_<lang>.mo`` beside each ``.po``, compiled by amogui's own compiler
  (standard library only, so it runs in an isolated build without amogui's dependencies).
  The compiled files go into the build folder only, never into the source tree. An
  editable install skips this: a checkout compiles its catalogues on first use into the
  user's cache.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import find_namespace_packages, find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = "amogui.resources"


class BuildWithCatalogues(build_py):
    """build_py, then every .po compiled into the build's copy of its folder."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        sys.path.insert(0, str(ROOT))  # the source tree's amogui, not an installed one
        from amogui.base.catalogues import compile_all, translations_dir

        sources = translations_dir()
        built = Path(self.build_lib, *RESOURCES.split("."), sources.name)
        compile_all(sources, built)


setup(
    packages=[
        *find_packages(include=["amogui", "amogui.*"]),
        RESOURCES,
        *(f"{RESOURCES}.{name}" for name in find_namespace_packages(where="resources")),
    ],
    package_dir={RESOURCES: "resources"},
    package_data={RESOURCES: ["**/*"]},
    cmdclass={"build_py": BuildWithCatalogues},
)
