from . import dental_diagnocat_study, dental_image, res_company, res_config_settings
