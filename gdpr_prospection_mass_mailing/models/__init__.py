from . import mail_mail
from . import mailing_trace
from . import gdpr_purge_scrubber
