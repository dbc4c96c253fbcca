"""Check digits of Russian company requisites that python-stdnum does not know (it knows ИНН: see
dental_patient/tools/identifiers.py). Each validator returns the normalised value or raises ValueError with a
translatable reason."""

from odoo.tools.translate import LazyTranslate

from odoo.addons.dental_patient.tools.identifiers import digits_only

_lt = LazyTranslate(__name__)


def _digits(value, lengths):
    digits = digits_only(value)
    if len(digits) not in lengths or len(digits) != len((value or "").strip()):
        raise ValueError(_lt("wrong number of digits"))
    return digits


def validate_ogrn(value):
    """ОГРН (13 digits) or ОГРНИП (15 digits): the last digit is the rest of the others by 11 (13), by 10."""
    digits = _digits(value, (13, 15))
    modulus = 11 if len(digits) == 13 else 13
    if int(digits[:-1]) % modulus % 10 != int(digits[-1]):
        raise ValueError(_lt("wrong check digit"))
    return digits


def validate_kpp(value):
    """КПП: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits (number)."""
    kpp = (value or "").strip()
    if len(kpp) != 9 or not (kpp[:4] + kpp[6:]).isdigit() or not all(c.isdigit() or "A" <= c <= "Z" for c in kpp[4:6]):
        raise ValueError(_lt("wrong format"))
    return kpp


def okpo_check_digit(digits):
    """The ОКПО check digit of its other digits (weights 1, 2, ... then 3, 4, ... when the first rest is 10)."""
    for start in (1, 3):
        rest = sum(int(d) * ((i % 10) + start) for i, d in enumerate(digits)) % 11
        if rest < 10:
            return rest
    return 0


def validate_okpo(value):
    """ОКПО of an organisation (8 digits) or an entrepreneur (10 digits)."""
    digits = _digits(value, (8, 10))
    if okpo_check_digit(digits[:-1]) != int(digits[-1]):
        raise ValueError(_lt("wrong check digit"))
    return digits


def validate_bik(value):
    """БИК of a bank of Russia: 9 digits starting with 04."""
    digits = _digits(value, (9,))
    if not digits.startswith("04"):
        raise ValueError(_lt("a Russian bank identification code starts with 04"))
    return digits


def _account_key_ok(prefix3, account):
    weights = ((7, 1, 3) * 8)[:23]
    return sum(int(d) * w for d, w in zip(prefix3 + account, weights, strict=True)) % 10 == 0


def validate_corr_account(value, bik):
    """Correspondent account (20 digits, 30101...): its control key, computed with "0" and digits 5-6 of the БИК."""
    digits = _digits(value, (20,))
    if not digits.startswith("30101"):
        raise ValueError(_lt("a correspondent account starts with 30101"))
    if bik and not _account_key_ok("0" + digits_only(bik)[4:6], digits):
        raise ValueError(_lt("the control key does not match the bank identification code"))
    return digits


def validate_settlement_account(value, bik):
    """Settlement account (20 digits): its control key, computed with the last three digits of the БИК."""
    digits = _digits(value, (20,))
    if bik and not _account_key_ok(digits_only(bik)[-3:], digits):
        raise ValueError(_lt("the control key does not match the bank identification code"))
    return digits
