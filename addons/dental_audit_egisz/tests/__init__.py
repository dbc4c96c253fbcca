from . import test_audit_egisz
