"""action.yml's comment step: post or update the one plan comment of the pull request."""

import sys

from reconciler_action.comment import main

sys.exit(main())
