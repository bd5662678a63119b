from . import sms_sms
