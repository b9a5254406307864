import random

import pytest

from vaekst.lib.cvr import cvr_error, is_valid_cvr, is_valid_p_number, make_cvr

# Real registered CVR numbers of well-known Danish firms (public register data).
REAL_CVR_NUMBERS = [
    "22756214",  # A.P. Møller - Mærsk A/S
    "24256790",  # Novo Nordisk A/S
    "61056416",  # Carlsberg A/S
    "10403782",  # Vestas Wind Systems A/S
    "61126228",  # Danske Bank A/S
    "10007127",  # Novozymes A/S
]


@pytest.mark.parametrize("number", REAL_CVR_NUMBERS)
def test_real_registered_numbers_are_valid(number: str) -> None:
    assert is_valid_cvr(number)
    assert cvr_error(number) is None


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("22756215", "kontrolciffer"),
        ("02756214", "8 cifre"),
        ("2275621", "8 cifre"),
        ("2275621X", "ikke et tal"),
        (None, "mangler"),
    ],
)
def test_invalid_numbers_are_rejected_with_a_reason(value: object, reason_part: str) -> None:
    error = cvr_error(value)
    assert error is not None and reason_part in error
    assert not is_valid_cvr(str(value))


def test_generated_numbers_are_valid_and_reproducible() -> None:
    first = [make_cvr(random.Random(7)) for _ in range(3)]
    again = [make_cvr(random.Random(7)) for _ in range(3)]
    assert first == again
    assert all(is_valid_cvr(n) for n in (make_cvr(random.Random(s)) for s in range(500)))


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (None, "CVR-nummer mangler (cvrNummer missing)"),
        ("2275621X", "CVR-nummer er ikke et tal: '2275621X'"),
        (" 2275621 ", "CVR-nummer skal have 8 cifre og ikke starte med 0: '2275621'"),
        ("227562140", "CVR-nummer skal have 8 cifre og ikke starte med 0: '227562140'"),
        ("02756214", "CVR-nummer skal have 8 cifre og ikke starte med 0: '02756214'"),
        (22756215, "CVR-nummer har forkert kontrolciffer: 22756215"),
    ],
)
def test_each_reason_is_worded_exactly(value: object, error: str) -> None:
    assert cvr_error(value) == error


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (22756214, True),  # an int is read as its digits
        (" 22756214 ", True),  # surrounding blanks are ignored
        ("DK22756214", False),  # the VAT form is not a CVR number
        ("22 75 62 14", False),  # nor is a spaced one
        ("2275-6214", False),
        ("", False),
    ],
)
def test_only_the_plain_eight_digits_are_a_cvr_number(value: int | str, valid: bool) -> None:
    assert is_valid_cvr(value) is valid
    assert (cvr_error(value) is None) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1003388394", True),  # ten digits, first not 0: P-numbers have no check digit
        (1003388394, True),
        (" 1003388394 ", True),
        ("9999999999", True),
        ("100338839", False),  # nine digits
        ("10033883940", False),  # eleven digits
        ("0003388394", False),  # first digit 0
        ("100338839X", False),  # not a number
        ("1003 88394", False),
        ("", False),
    ],
)
def test_a_p_number_is_ten_digits_not_starting_with_zero(value: int | str, valid: bool) -> None:
    assert is_valid_p_number(value) is valid


def test_generated_numbers_use_every_digit() -> None:
    # given 500 numbers drawn with different seeds
    numbers = [str(make_cvr(random.Random(seed))) for seed in range(500)]
    # then they start with each of 1-9 and the six digits after the first include 0
    assert {number[0] for number in numbers} == set("123456789")
    assert {digit for number in numbers for digit in number[1:7]} == set("0123456789")
    assert all(len(number) == 8 for number in numbers)
