from . import test_access, test_adapter, test_study
