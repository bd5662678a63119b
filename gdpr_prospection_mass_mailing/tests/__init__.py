from . import test_mass_mailing
from . import test_lead_mailing
