from . import mail_mail
from . import mailing_trace
