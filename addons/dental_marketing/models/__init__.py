from . import (
    crm_lead,
    crm_stage,
    crm_team,
    dental_marketing_campaign,
    dental_marketing_channel,
    dental_marketing_message,
    dental_patient,
    res_company,
    res_config_settings,
)
