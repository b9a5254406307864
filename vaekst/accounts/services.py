"""State changes for users and API tokens."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vaekst.accounts.models import APIToken, User, hash_token
from vaekst.organisations.choices import ROLE_ORGANISATION_KIND, Role
from vaekst.organisations.models import Organisation


def check_role_fits_organisation(*, role: str, organisation: Organisation) -> None:
    allowed = ROLE_ORGANISATION_KIND.get(role, set())
    if organisation.kind not in allowed:
        raise ValidationError(
            f"Rollen {Role(role).label} passer ikke til organisationen {organisation.name}"
        )


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str | None,
    organisation: Organisation,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    check_role_fits_organisation(role=role, organisation=organisation)
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[APIToken, str]:
    """Create a token; returns it with the raw key, which is never stored."""
    raw = APIToken.new_raw_key()
    token = APIToken.objects.create(user=user, name=name, key_hash=hash_token(raw))
    return token, raw
