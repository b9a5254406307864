"""API authentication as a specification: bearer tokens, sessions, the token commands and the
committed OpenAPI document."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from vaekst.accounts.management.commands.export_openapi import DEFAULT_OUTPUT, openapi_document
from vaekst.accounts.models import APIToken, User
from vaekst.accounts.services import create_api_token

ME = "/api/me"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def me_as_seen_by(user: User) -> dict[str, object]:
    organisation = user.organisation
    assert organisation is not None
    return {
        "id": str(user.public_id),
        "username": user.username,
        "full_name": "",
        "role": user.role,
        "organisation": {
            "id": str(organisation.public_id),
            "name": organisation.name,
            "kind": organisation.kind,
        },
    }


def test_request_without_token_is_refused(personas, client: Client) -> None:
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize(
    "header",
    [
        "Bearer vk_not-a-real-key",
        "Bearer not-even-prefixed",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "vk_raw-key-without-scheme",
        "Bearer vk_" + "x" * 300,
    ],
)
def test_unknown_or_malformed_token_is_refused(personas, client: Client, header: str) -> None:
    response = client.get(ME, headers={"Authorization": header})
    assert response.status_code == 401


def test_valid_token_authenticates_as_its_user(personas, client: Client) -> None:
    # given a token of the side A consultant
    _, raw = create_api_token(user=personas.a.consultant, name="script")
    # when it calls /api/me
    response = client.get(ME, headers=bearer(raw))
    # then the answer is that user, organisation and role
    assert response.status_code == 200
    assert response.json() == me_as_seen_by(personas.a.consultant)
    assert response.json()["role"] == "growth_consultant"


def test_each_token_answers_only_for_its_own_user(personas, client: Client) -> None:
    _, raw_a = create_api_token(user=personas.a.consultant, name="a")
    _, raw_b = create_api_token(user=personas.b.company_user, name="b")
    assert client.get(ME, headers=bearer(raw_a)).json()["username"] == "consultant_a"
    assert client.get(ME, headers=bearer(raw_b)).json() == me_as_seen_by(personas.b.company_user)


def test_token_is_stored_only_as_its_hash(personas) -> None:
    token, raw = create_api_token(user=personas.a.consultant, name="script")
    assert raw.startswith("vk_")
    assert raw not in token.key_hash
    assert len(token.key_hash) == 64


def test_revoked_token_is_refused(personas, client: Client) -> None:
    token, raw = create_api_token(user=personas.a.consultant, name="script")
    APIToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.get(ME, headers=bearer(raw)).status_code == 401


def test_expired_token_is_refused_and_unexpired_one_accepted(personas, client: Client) -> None:
    now = timezone.now()
    _, expired = create_api_token(
        user=personas.a.consultant, name="old", expires_at=now - timedelta(seconds=1)
    )
    _, current = create_api_token(
        user=personas.a.consultant, name="new", expires_at=now + timedelta(days=1)
    )
    assert client.get(ME, headers=bearer(expired)).status_code == 401
    assert client.get(ME, headers=bearer(current)).status_code == 200


def test_token_of_deactivated_user_is_refused(personas, client: Client) -> None:
    _, raw = create_api_token(user=personas.a.consultant, name="script")
    User.objects.filter(pk=personas.a.consultant.pk).update(is_active=False)
    assert client.get(ME, headers=bearer(raw)).status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(
    personas, client: Client, django_assert_num_queries
) -> None:
    # given a fresh token
    token, raw = create_api_token(user=personas.a.consultant, name="script")
    assert token.last_used_at is None
    # when it is used, its last use is written (one read and one write)
    with django_assert_num_queries(2):
        assert client.get(ME, headers=bearer(raw)).status_code == 200
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # then a second use within the minute only reads
    with django_assert_num_queries(1):
        assert client.get(ME, headers=bearer(raw)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first_use
    # and a use more than a minute later writes again
    APIToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client.get(ME, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first_use - timedelta(minutes=2)


def test_logged_in_browser_session_may_use_the_api(personas, client: Client) -> None:
    client.force_login(personas.b.manager)
    response = client.get(ME)
    assert response.status_code == 200
    assert response.json() == me_as_seen_by(personas.b.manager)


def test_create_api_token_command_prints_a_working_key_once(personas, client: Client) -> None:
    # when the operator creates a token
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "municipal_b", name="etl", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    # then the key alone is printed, works, and only its hash is stored
    assert raw.startswith("vk_")
    token = APIToken.objects.get(user=personas.b.municipal_consultant)
    assert token.name == "etl"
    assert token.expires_at is None
    assert raw not in err.getvalue()
    assert str(token.public_id) in err.getvalue()
    assert client.get(ME, headers=bearer(raw)).json()["username"] == "municipal_b"


def test_create_api_token_command_can_set_an_expiry(personas) -> None:
    call_command(
        "create_api_token", "manager_a", name="t", expires_in_days=30, stdout=io.StringIO()
    )
    token = APIToken.objects.get(user=personas.a.manager)
    assert token.expires_at is not None
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)


def test_create_api_token_command_refuses_unknown_user(personas) -> None:
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("create_api_token", "nobody", name="t", stdout=io.StringIO())
    assert not APIToken.objects.exists()


def test_revoke_api_token_command_by_id(personas, client: Client) -> None:
    # given two tokens of one user
    token, raw = create_api_token(user=personas.a.consultant, name="one")
    _, other = create_api_token(user=personas.a.consultant, name="two")
    # when one is revoked by its id
    out = io.StringIO()
    call_command("revoke_api_token", str(token.public_id), stdout=out)
    # then it is refused from now on, the other still works
    assert "1 token(s) revoked." in out.getvalue()
    assert client.get(ME, headers=bearer(raw)).status_code == 401
    assert client.get(ME, headers=bearer(other)).status_code == 200
    # and revoking it again is an error that changes nothing
    revoked_at = APIToken.objects.get(pk=token.pk).revoked_at
    with pytest.raises(CommandError, match="No unrevoked token matched"):
        call_command("revoke_api_token", str(token.public_id), stdout=io.StringIO())
    assert APIToken.objects.get(pk=token.pk).revoked_at == revoked_at


def test_revoke_api_token_command_by_user_and_name(personas, client: Client) -> None:
    _, etl = create_api_token(user=personas.a.consultant, name="etl")
    _, keep = create_api_token(user=personas.a.consultant, name="keep")
    _, other_user = create_api_token(user=personas.b.consultant, name="etl")
    call_command("revoke_api_token", user="consultant_a", name="etl", stdout=io.StringIO())
    assert client.get(ME, headers=bearer(etl)).status_code == 401
    assert client.get(ME, headers=bearer(keep)).status_code == 200
    assert client.get(ME, headers=bearer(other_user)).status_code == 200


def test_revoke_api_token_command_needs_id_or_user(personas) -> None:
    with pytest.raises(CommandError):
        call_command("revoke_api_token", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Not a token id"):
        call_command("revoke_api_token", "not-a-uuid", stdout=io.StringIO())


def test_committed_openapi_document_is_up_to_date() -> None:
    # If this fails: run `vaekst export_openapi` and commit docs/openapi.json.
    assert Path(DEFAULT_OUTPUT).read_text(encoding="utf-8") == openapi_document()
    call_command("export_openapi", check=True, stdout=io.StringIO())


def test_export_openapi_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("export_openapi", check=True, output=stale, stdout=io.StringIO())
    call_command("export_openapi", output=stale, stdout=io.StringIO())
    call_command("export_openapi", check=True, output=stale, stdout=io.StringIO())


def test_served_openapi_document_matches_the_committed_one(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(Path(DEFAULT_OUTPUT).read_text(encoding="utf-8"))
    assert response.json()["info"]["title"] == "vaekst API"
    # Other apps add their routers; these are this app's and the register's.
    assert {"/api/me", "/api/companies", "/api/companies/{cvr}"} <= set(response.json()["paths"])


def test_interactive_docs_are_served(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
