from . import test_fitting
