from . import controllers, models

# isort: split
from . import demo  # demo data: extends the models above, so imported after them
