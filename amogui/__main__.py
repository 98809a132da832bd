import sys

from amogui.cli import main

sys.exit(main())
