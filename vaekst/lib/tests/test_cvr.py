import random

import pytest

from vaekst.lib.cvr import cvr_error, is_valid_cvr, make_cvr

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
