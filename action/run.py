"""action.yml's main step: python "$GITHUB_ACTION_PATH/action/run.py" (inputs as INPUT_*)."""

import sys

from reconciler_action.commands import main

sys.exit(main())
