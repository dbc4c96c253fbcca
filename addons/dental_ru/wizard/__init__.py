from . import dental_ru_correction_wizard
