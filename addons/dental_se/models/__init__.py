from . import (
    account_move,
    account_payment,
    dental_se_financing_event,
    dental_se_financing_provider,
    dental_se_financing_request,
    res_company,
    res_users,
)
