"""GET /api/v1/openapi.json: the API describes itself, without auth, and names no secrets."""

EXPECTED_OPERATIONS = {
    ("post", "/api/v1/auth/login"), ("post", "/api/v1/auth/signup"), ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tickets"), ("post", "/api/v1/tickets"),
    ("get", "/api/v1/tickets/{ticket_id}"), ("patch", "/api/v1/tickets/{ticket_id}"),
    ("get", "/api/v1/tickets/{ticket_id}/replies"), ("post", "/api/v1/tickets/{ticket_id}/replies"),
    ("get", "/api/v1/users"), ("post", "/api/v1/users"), ("patch", "/api/v1/users/{user_id}"),
    ("get", "/api/v1/tickets/{ticket_id}/attachments"), ("post", "/api/v1/tickets/{ticket_id}/attachments"),
    ("get", "/api/v1/replies/{reply_id}/attachments"), ("post", "/api/v1/replies/{reply_id}/attachments"),
    ("get", "/api/v1/attachments/{attachment_id}"), ("delete", "/api/v1/attachments/{attachment_id}"),
    ("get", "/api/v1/attachments/{attachment_id}/download"), ("head", "/api/v1/attachments/{attachment_id}/download"),
    ("get", "/api/v1/attachments/{attachment_id}/thumbnail"),
    ("get", "/api/v1/tags"), ("post", "/api/v1/tags"), ("get", "/api/v1/tags/{tag_id}"),
    ("patch", "/api/v1/tags/{tag_id}"), ("delete", "/api/v1/tags/{tag_id}"), ("post", "/api/v1/tags/{tag_id}/merge"),
    ("get", "/api/v1/tickets/{ticket_id}/tags"), ("post", "/api/v1/tickets/{ticket_id}/tags"),
    ("put", "/api/v1/tickets/{ticket_id}/tags"), ("delete", "/api/v1/tickets/{ticket_id}/tags/{tag_id}"),
    ("get", "/api/v1/canned-replies"), ("post", "/api/v1/canned-replies"),
    ("get", "/api/v1/canned-replies/{canned_id}"), ("patch", "/api/v1/canned-replies/{canned_id}"),
    ("delete", "/api/v1/canned-replies/{canned_id}"), ("post", "/api/v1/canned-replies/{canned_id}/copy"),
    ("post", "/api/v1/canned-replies/{canned_id}/render"),
    ("get", "/api/v1/search"), ("post", "/api/v1/tickets/bulk"),
    ("get", "/api/v1/views"), ("post", "/api/v1/views"), ("get", "/api/v1/views/counts"),
    ("get", "/api/v1/views/{view_id}"), ("patch", "/api/v1/views/{view_id}"), ("delete", "/api/v1/views/{view_id}"),
    ("get", "/api/v1/tickets/{ticket_id}/watchers"), ("put", "/api/v1/tickets/{ticket_id}/watchers/{user_id}"),
    ("delete", "/api/v1/tickets/{ticket_id}/watchers/{user_id}"),
    ("get", "/api/v1/tickets/{ticket_id}/mute"), ("put", "/api/v1/tickets/{ticket_id}/mute"),
    ("delete", "/api/v1/tickets/{ticket_id}/mute"),
    ("get", "/api/v1/notifications"), ("post", "/api/v1/notifications/{notification_id}/read"),
    ("post", "/api/v1/notifications/read-all"), ("get", "/api/v1/preferences"), ("patch", "/api/v1/preferences"),
    ("post", "/api/v1/auth/forgot-password"), ("post", "/api/v1/auth/reset-password"),
    ("post", "/api/v1/auth/verify-email"), ("post", "/api/v1/me/email"), ("post", "/api/v1/me/verification"),
    ("post", "/api/v1/users/{user_id}/verification"),
}


def test_the_openapi_document_lists_every_operation(anon):
    response = anon.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] == "Helpdesk API"
    operations = {(method, path) for path, ops in doc["paths"].items() for method in ops}
    assert operations == EXPECTED_OPERATIONS


def test_the_openapi_document_describes_the_list_query_and_shapes(anon):
    doc = anon.get("/openapi.json").json()
    params = {p["name"] for p in doc["paths"]["/api/v1/tickets"]["get"]["parameters"]}
    assert {"status", "priority", "assignee_id", "sort", "page", "per_page"} <= params
    schemas = doc["components"]["schemas"]
    assert set(schemas["TicketList"]["properties"]) == {"items", "total", "page", "per_page", "capped", "next_cursor"}
    assert set(schemas["ReplyCreate"]["properties"]) == {"body", "internal", "canned_reply_ids"}
    # The public user schema never has a password hash in it.
    assert "password_hash" not in schemas["UserPublic"]["properties"]
    assert "password_hash" not in str(doc)
    # Uploads are multipart with a `files` field of one or more files; the metadata never shows the storage key.
    upload = doc["paths"]["/api/v1/tickets/{ticket_id}/attachments"]["post"]["requestBody"]["content"]
    form = upload["multipart/form-data"]["schema"]
    assert form["required"] == ["files"] and form["properties"]["files"]["type"] == "array"
    assert set(schemas["AttachmentList"]["properties"]) == {"items", "total", "page", "per_page"}
    assert {"id", "ticket_id", "reply_id", "filename", "content_type", "size", "sha256", "uploaded_by", "created_at",
            "scan_status", "download_url"} <= set(schemas["AttachmentPublic"]["properties"])
    assert "storage_key" not in str(doc)


def test_every_operation_has_its_own_id(anon):
    doc = anon.get("/openapi.json").json()
    ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_the_interactive_docs_are_served(anon):
    response = anon.get("/docs")
    assert response.status_code == 200 and 'id="swagger-ui"' in response.text
    assert "/api/v1/openapi.json" in anon.get("/docs/init.js").text  # its start-up script reads the document


def test_the_apps_dependency_overrides_reach_its_routes(customer):
    """Routes are added to the app itself (api/__init__.py), not through include_router: the app's
    own dependency_overrides must still apply to them."""
    import asyncio

    import httpx

    from helpdesk_app.api import create_api
    from helpdesk_app.api.deps import current_user

    api = create_api()
    api.dependency_overrides[current_user] = lambda: customer

    async def me() -> httpx.Response:  # no credentials: only the override signs anyone in
        async with httpx.AsyncClient(transport=httpx.ASGITransport(api), base_url="http://test") as client:
            return await client.get("/api/v1/me")
    response = asyncio.run(me())
    assert (response.status_code, response.json()["email"]) == (200, customer.email)


def test_a_ticket_and_a_reply_take_json_or_a_form_with_files(anon):
    paths = anon.get("/openapi.json").json()["paths"]
    for path, fields in (("/api/v1/tickets", {"subject", "description", "files"}),
                         ("/api/v1/tickets/{ticket_id}/replies", {"body", "internal", "files"})):
        content = paths[path]["post"]["requestBody"]["content"]
        assert set(content) == {"application/json", "multipart/form-data"}
        assert fields <= set(content["multipart/form-data"]["schema"]["properties"])
