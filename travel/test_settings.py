"""The settings of the test suite and the type checker: the site's own settings, with
STOPOVER_TESTING on unless the environment says otherwise (the settings tests run
manage.py with it off). pytest and mypy name this module; nothing else does."""

import os

os.environ.setdefault("STOPOVER_TESTING", "true")

from travel.settings import *  # noqa: F403
