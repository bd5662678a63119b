from . import sms_sms
from . import gdpr_purge_scrubber
