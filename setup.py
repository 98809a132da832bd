"""What pyproject.toml cannot declare: the top-level ``resources/`` folder (the bundled
checklist, the icon, the translation sources) travels inside the wheel as the data package
``amogui.resources``, where `amogui.base.resources` finds it (a checkout reads the folder
itself)."""

from __future__ import annotations

from setuptools import find_namespace_packages, find_packages, setup

RESOURCES = "amogui.resources"

setup(
    packages=[
        *find_packages(include=["amogui", "amogui.*"]),
        RESOURCES,
        *(f"{RESOURCES}.{name}" for name in find_namespace_packages(where="resources")),
    ],
    package_dir={RESOURCES: "resources"},
    package_data={RESOURCES: ["**/*"]},
)
