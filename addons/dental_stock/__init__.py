from . import models, report, wizard

# isort: split
from . import demo  # the demo data generator calls the models above
