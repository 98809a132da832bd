"""PyInstaller entry point: the same command line as the `amogui` console script."""

import sys

from amogui.cli import main

if __name__ == "__main__":
    sys.exit(main())
