from . import test_access_matrix, test_demo_data, test_demo_users, test_ui
