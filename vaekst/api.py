"""The one API of vaekst, mounted at /api/: per-app routers behind token (or session) auth.

The OpenAPI document is served at /api/openapi.json, interactive docs at /api/docs, and a copy
is committed as docs/openapi.json (`vaekst export_openapi`; a test fails when it is stale).
"""

from typing import Any

from ninja import NinjaAPI

from vaekst.accounts.api import router as accounts_router
from vaekst.accounts.api_auth import api_auth
from vaekst.growthplans.api import router as growthplans_router
from vaekst.lib.openapi import declare_error_responses
from vaekst.offers.api import router as offers_router
from vaekst.programmes.api import router as programmes_router
from vaekst.register.api import router as register_router
from vaekst.segmentation.api import router as segmentation_router


class VaekstAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document declares every operation's error answers (401, 403,
    404, 422 with the error schemas), so that they are not written out per endpoint."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_error_responses(document)
        return document


api = VaekstAPI(
    title="vaekst API",
    version="1",
    description=(
        "Access to the platform for the Danish growth-house model. Authenticate with "
        "`Authorization: Bearer vk_...` (a key from `vaekst create_api_token`). Every answer "
        "is scoped to what the key's user may see; a company outside that scope is a 404, "
        'exactly like a missing one. An error answers `{"detail": "..."}`; invalid input '
        "answers 422 with `detail` listing each problem's location and message."
    ),
    auth=api_auth,
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", register_router)
api.add_router("/", offers_router)
api.add_router("/", segmentation_router)
api.add_router("/", growthplans_router)
api.add_router("/", programmes_router)
