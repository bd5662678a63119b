from . import gdpr_access_report
