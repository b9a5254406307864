"""State changes for users and API tokens."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.accounts.models import APIToken, User, hash_token
from vaekst.organisations.choices import ROLE_ORGANISATION_KIND, Role
from vaekst.organisations.models import Organisation


def check_role_fits_organisation(*, role: str, organisation: Organisation) -> None:
    allowed = ROLE_ORGANISATION_KIND.get(role, set())
    if organisation.kind not in allowed:
        raise ValidationError(
            _("Rollen %(role)s passer ikke til organisationen %(organisation)s")
            % {"role": Role(role).label, "organisation": organisation.name}
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
def create_api_token(
    *, user: User, name: str, expires_at: datetime | None = None
) -> tuple[APIToken, str]:
    """Create a token; returns it with the raw key, which is never stored."""
    raw = APIToken.new_raw_key()
    token = APIToken.objects.create(
        user=user, name=name, key_hash=hash_token(raw), expires_at=expires_at
    )
    return token, raw


# A token's last use is recorded at most this often, so that API reads do not each cost a write.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def record_api_token_use(*, token: APIToken, now: datetime | None = None) -> None:
    """Note that `token` was just used, unless that was already noted within the last minute."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_RESOLUTION:
        return
    # A conditional UPDATE: concurrent requests within the same minute write at most once.
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOKEN_USE_RESOLUTION)
    APIToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def revoke_api_token(*, token: APIToken, now: datetime | None = None) -> bool:
    """Revoke `token` from now on; False when it was already revoked."""
    now = now or timezone.now()
    updated = APIToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if updated:
        token.revoked_at = now
    return bool(updated)
