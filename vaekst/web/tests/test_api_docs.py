"""The API's interactive docs work on a closed network: Swagger comes from our static files."""

from django.test import Client


def test_api_docs_are_served_from_local_static_files(client: Client, db: None) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in response.text
    assert "cdn." not in response.text.lower()
