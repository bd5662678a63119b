from . import test_lead_mining
