from . import models, wizard

# isort: split
from . import demo  # the demo data generator calls the models above, so it is imported after them
