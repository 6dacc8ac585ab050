"""``python -m reconciler.schemas``: regenerate the packaged schemas and the repository copy."""

import sys

from reconciler.schemas import main

sys.exit(main())
