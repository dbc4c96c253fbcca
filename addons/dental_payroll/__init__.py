from . import models, report, wizard

# isort: split
from . import demo  # the demo generator calls the models above
