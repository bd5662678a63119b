from . import test_livechat_leads
