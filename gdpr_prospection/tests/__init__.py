from . import test_prospect
from . import test_retention
from . import test_minimisation
from . import test_blacklist
from . import test_event
from . import test_settings
from . import test_access
