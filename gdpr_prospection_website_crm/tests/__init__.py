from . import test_website_leads
