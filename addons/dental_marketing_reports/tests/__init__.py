from . import test_funnel, test_ui
