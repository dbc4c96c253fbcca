from . import dental_egisz_nsi_import
