from . import (
    auditlog_log_line,
    auditlog_rule,
    dental_audit_access,
    dental_audit_read_mixin,
    dental_audit_write_mixin,
    read_logged_models,
    res_config_settings,
)
