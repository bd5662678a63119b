from . import test_lead_rules
from . import test_lead_clocks
from . import test_lead_purge
from . import test_lead_access
from . import test_lead_conversion
from . import test_lead_notice
from . import test_lead_pages
from . import test_lead_calls
