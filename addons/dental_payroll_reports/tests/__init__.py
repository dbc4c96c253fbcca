from . import test_salaries
