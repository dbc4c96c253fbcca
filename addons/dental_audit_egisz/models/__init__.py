from . import dental_egisz_document
