from . import test_chair_stock, test_ui
