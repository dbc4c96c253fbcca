from . import models, report

# isort: split
from . import demo  # the demo data generator calls the models above
