"""The accounts API: who the caller is."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from vaekst.accounts.api_auth import api_user

router = Router(tags=["accounts"])


class OrganisationOut(Schema):
    id: UUID
    name: str
    kind: str


class MeOut(Schema):
    """The authenticated user: what the API answers depends on organisation and role."""

    id: UUID
    username: str
    full_name: str
    role: str
    organisation: OrganisationOut | None


@router.get(
    "/me",
    response=MeOut,
    summary="The authenticated user",
)
def me(request: HttpRequest) -> MeOut:
    user = api_user(request)
    organisation = user.organisation
    return MeOut(
        id=user.public_id,
        username=user.username,
        full_name=user.get_full_name(),
        role=user.role,
        organisation=OrganisationOut(
            id=organisation.public_id, name=organisation.name, kind=organisation.kind
        )
        if organisation is not None
        else None,
    )
