from . import test_calls_widget
