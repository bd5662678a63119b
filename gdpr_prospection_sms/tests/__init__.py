from . import test_sms_gate
