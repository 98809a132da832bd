"""The one build step pyproject.toml cannot declare: compile the translation catalogues.

A wheel (and so a plain ``pip install .``) carries ``amogui_<lang>.mo`` beside each
``.po``, compiled by amogui's own compiler (standard library only, so it runs in an
isolated build without amogui's dependencies). The compiled files go into the build
folder only, never into the source tree. An editable install skips this: a checkout
compiles its catalogues on first use into the user's cache.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithCatalogues(build_py):
    """build_py, then every .po compiled into the build's copy of its folder."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        sys.path.insert(0, str(ROOT))  # the source tree's amogui, not an installed one
        from amogui.base.catalogues import compile_all, translations_dir

        sources = translations_dir()
        compile_all(sources, Path(self.build_lib) / sources.relative_to(ROOT))


setup(cmdclass={"build_py": BuildWithCatalogues})
