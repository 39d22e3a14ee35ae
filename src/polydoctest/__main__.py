import sys

from polydoctest.cli import main

sys.exit(main())
