"""Validators of personal identifiers used on the patient card.

Each ``validate_*`` function returns the number in its canonical stored form
or raises ``ValueError`` whose argument is a short reason, a lazy translation
(``env._(reason)`` gives it in the user's language; the caller turns it into a
``ValidationError`` naming the field). Pure functions: no ORM.
"""

import re

from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ru import inn as ru_inn
from stdnum.se import personnummer

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

_NON_DIGITS = re.compile(r"\D")


def digits_only(value):
    return _NON_DIGITS.sub("", value or "")


def snils_check_number(first9):
    """Check number of a СНИЛС from its first nine digits (ПФР algorithm)."""
    total = sum(int(digit) * weight for digit, weight in zip(first9, range(9, 0, -1)))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    check = total % 101
    return 0 if check == 100 else check


def _stdnum_reason(error):
    """Our translatable reason for a python-stdnum error (its own messages are English only)."""
    if isinstance(error, InvalidLength):
        return _lt("wrong number of digits")
    if isinstance(error, InvalidChecksum):
        return _lt("wrong check digit")
    if isinstance(error, InvalidFormat):
        return _lt("wrong format")
    if isinstance(error, InvalidComponent):
        return _lt("a part of the number is not valid")
    return _lt("not a valid number")


def validate_snils(value):
    """Russian individual insurance account number: 11 digits, printed NNN-NNN-NNN NN.

    Numbers up to 001-001-998 carry no check number (ПФР rule).
    """
    digits = digits_only(value)
    if len(digits) != 11:
        raise ValueError(_lt("11 digits expected"))
    if int(digits[:9]) > 1001998 and snils_check_number(digits[:9]) != int(digits[9:]):
        raise ValueError(_lt("wrong check number"))
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:11]}"


def validate_inn(value):
    """ИНН of an organisation (10 digits) or an individual (12 digits)."""
    try:
        return ru_inn.validate(digits_only(value))
    except StdnumError as error:
        raise ValueError(_stdnum_reason(error)) from error


def validate_inn_person(value):
    """ИНН of an individual: 12 digits with two check digits (python-stdnum ``ru.inn``)."""
    if len(digits_only(value)) != 12:
        raise ValueError(_lt("12 digits expected for a person"))
    return validate_inn(value)


def validate_oms_policy(value):
    """ОМС policy number (ЕНП): 16 digits, the last a check digit (ФФОМС algorithm = Luhn)."""
    digits = digits_only(value)
    if len(digits) != 16:
        raise ValueError(_lt("16 digits expected"))
    if not luhn.is_valid(digits):
        raise ValueError(_lt("wrong check digit"))
    return digits


def validate_se_personal_id(value):
    """Swedish personnummer or samordningsnummer (coordination number: day of birth + 60).

    Returns ``YYYYMMDD-NNNN`` when the century is known, else ``YYMMDD-NNNN``
    (``+`` kept for people aged 100 or more).
    """
    try:
        number = personnummer.compact(value or "")
    except StdnumError as error:
        raise ValueError(_stdnum_reason(error)) from error
    if len(number) not in (11, 13) or number[-5] not in "-+" or not (number[:-5] + number[-4:]).isdigit():
        raise ValueError(_lt("YYMMDD-NNNN or YYYYMMDD-NNNN expected"))
    day_pos = len(number) - 7
    day = int(number[day_pos : day_pos + 2])
    birth_number = number
    if day > 60:  # samordningsnummer: the day of birth is shifted by 60
        birth_number = f"{number[:day_pos]}{day - 60:02d}{number[day_pos + 2 :]}"
    try:
        personnummer.get_birth_date(birth_number)
    except StdnumError as error:
        raise ValueError(_lt("not a valid date of birth")) from error
    if not luhn.is_valid((number[:-5] + number[-4:])[-10:]):
        raise ValueError(_lt("wrong check digit"))
    return number


def is_se_coordination_number(value):
    number = personnummer.compact(value or "")
    day_pos = len(number) - 7
    return (
        len(number) in (11, 13) and number[day_pos : day_pos + 2].isdigit() and int(number[day_pos : day_pos + 2]) > 60
    )


def validate_ru_passport(series, number):
    """Russian internal passport: series of 4 digits, number of 6 digits."""
    series_digits, number_digits = digits_only(series), digits_only(number)
    if len(series_digits) != 4 or len(number_digits) != 6:
        raise ValueError(_lt("series of 4 digits and number of 6 digits expected"))
    return f"{series_digits[:2]} {series_digits[2:]}", number_digits


_BIRTH_CERT_SERIES = re.compile(r"^([IVXLCivxlc1УуЛлХхСс]{1,6})\s*-?\s*([А-ЯЁа-яё]{2})$")


def validate_ru_birth_certificate(series, number):
    """Russian birth certificate: series "IV-АГ" (Roman numerals, two Cyrillic letters), 6-digit number."""
    match = _BIRTH_CERT_SERIES.match((series or "").strip())
    number_digits = digits_only(number)
    if not match or len(number_digits) != 6:
        raise ValueError(_lt("series like IV-АГ and a number of 6 digits expected"))
    return f"{match[1].upper()}-{match[2].upper()}", number_digits
