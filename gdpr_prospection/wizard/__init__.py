from . import gdpr_import_wizard
from . import gdpr_import_wizard_check
from . import gdpr_import_wizard_write
from . import gdpr_purge_wizard
from . import gdpr_answer_wizard
from . import gdpr_purge_schedule
from . import gdpr_overview
from . import mail_compose_message
