from . import res_company
from . import res_config_settings
from . import gdpr_data_source
from . import gdpr_blacklist
from . import gdpr_event
from . import res_partner
from . import mail_message
