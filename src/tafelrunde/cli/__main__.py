"""`python -m tafelrunde.cli`: the `tafelrunde` program."""

import sys

from tafelrunde.cli import main

sys.exit(main())
