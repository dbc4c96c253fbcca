from odoo.tests import tagged

from odoo.addons.dental_cash.tests import test_cash_closing, test_deposit

from .common import DentalSeCommon


# dental_cash's own tests of the daily summary, deposits and refunds, on the Swedish chart (l10n_se, kronor)
@tagged("post_install", "-at_install")
class TestSeCashClosing(DentalSeCommon, test_cash_closing.TestCashClosing):
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestSeDeposit(DentalSeCommon, test_deposit.TestDeposit):
    allow_inherited_tests_method = True
