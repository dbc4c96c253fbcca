from . import (
    controllers,
    demo,  # demo data generators: they extend the models above, so they are imported after them
    models,
    wizard,
)
