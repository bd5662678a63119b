from . import gdpr_overview
