from . import gdpr_overview
from . import gdpr_answer_wizard
