from . import (
    test_access_rights,
    test_dental_patient,
    test_documents,
    test_i18n,
    test_identifiers,
    test_import,
    test_lock_mixin,
    test_privacy,
    test_recycle_bin,
    test_roles,
    test_security,
    test_ui,
)
