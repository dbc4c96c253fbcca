from . import models, wizard

# isort: split
from . import demo  # demo data generators: they extend the models above, so they are imported after them
from .hooks import pre_init_hook
