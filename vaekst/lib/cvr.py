"""CVR and P-numbers: validation and generation (mod-11 with weights 2,7,6,5,4,3,2,1)."""

import random

from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def is_valid_cvr(value: int | str) -> bool:
    """True for an 8-digit CVR number with a correct check digit (first digit not 0)."""
    text = str(value).strip()
    if len(text) != 8 or not text.isdigit() or text[0] == "0":
        return False
    try:
        stdnum_cvr.validate(text)
    except ValidationError:
        return False
    return True


def cvr_error(value: object) -> str | None:
    """A human-readable reason a value is not a CVR number, or None when it is one."""
    if value is None:
        return "CVR-nummer mangler (cvrNummer missing)"
    text = str(value).strip()
    if not text.isdigit():
        return f"CVR-nummer er ikke et tal: {text!r}"
    if len(text) != 8 or text[0] == "0":
        return f"CVR-nummer skal have 8 cifre og ikke starte med 0: {text!r}"
    if not is_valid_cvr(text):
        return f"CVR-nummer har forkert kontrolciffer: {text}"
    return None


def make_cvr(rng: random.Random) -> int:
    """Draw a random valid CVR number."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        check = (-sum(w * d for w, d in zip(WEIGHTS, digits, strict=False))) % 11
        if check != 10:
            return int("".join(map(str, digits)) + str(check))


def is_valid_p_number(value: int | str) -> bool:
    """P-numbers have no published check digit: 10 digits, first not 0."""
    text = str(value).strip()
    return len(text) == 10 and text.isdigit() and text[0] != "0"
