"""The addon's two roles, by xml id (security/gdpr_prospection_groups.xml)."""

GDPR_USER = "gdpr_prospection.group_gdpr_user"
GDPR_DPO = "gdpr_prospection.group_gdpr_dpo"
