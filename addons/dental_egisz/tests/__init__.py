from . import test_nsi, test_identity, test_preflight, test_cda, test_document, test_sending
