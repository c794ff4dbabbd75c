"""`python -m figgen` runs the figgen command line."""

import sys

from figgen.cli import main

sys.exit(main())
