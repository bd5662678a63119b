from . import crm_lead
from . import gdpr_outgoing_gate
from . import mail_template
from . import crm_lead_merge
from . import crm_lead_inbound
from . import res_company
from . import mail_message
from . import res_config_settings
