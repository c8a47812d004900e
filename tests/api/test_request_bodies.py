"""Bodies the API cannot or will not read — nested too deeply, too large,
too many fields — and requests that fail before any view answers: each is
refused in the contract's error shape, never a 500 and never an HTML page.
Document uploads, whose files do not count against the body limit, still
go through."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from rest_framework.test import APIClient

from casework import urls
from casework.core.json_text import JSON_MAX_DEPTH
from casework.demo.seed import PASSWORD
from tests.conftest import application

DEEP_BODIES = {
    "brackets": "[" * 100_000,
    "objects": '{"a":' * 100_000,
    "closed": "[" * 5_000 + "]" * 5_000,
    "one_too_deep": "[" * (JSON_MAX_DEPTH + 1) + "]" * (JSON_MAX_DEPTH + 1),
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The token endpoint's throttle counts live in the cache, which
    outlives a test: every test here starts with none."""
    cache.clear()
    yield
    cache.clear()


def _anonymous() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def assert_error(response, status: int, *, code: str) -> dict:
    """The contract's error shape, as JSON, with ``status`` and ``code``."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert list(body) == ["error"], body
    error = body["error"]
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert isinstance(error["fields"], dict), error
    return error


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
def test_deeply_nested_json_to_the_token_endpoint_is_a_400_in_the_error_shape(users, body):
    response = _anonymous().generic(
        "POST", "/api/auth/token/", body, content_type="application/json"
    )
    assert "nested" in assert_error(response, 400, code="invalid")["message"]


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
def test_deeply_nested_json_to_an_authenticated_endpoint_is_a_400_in_the_error_shape(api, body):
    client = api("caseworker").client
    response = client.generic(
        "POST", "/api/relief/applications/", body, content_type="application/json"
    )
    assert "nested" in assert_error(response, 400, code="invalid")["message"]


def test_json_nested_as_deep_as_allowed_is_read(users):
    # the depth limit refuses only what is deeper: this body is read, and
    # refused for what it is (a list where an object belongs)
    body = "[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH
    response = _anonymous().generic(
        "POST", "/api/auth/token/", body, content_type="application/json"
    )
    error = assert_error(response, 400, code="invalid")
    assert "dictionary" in error["message"]


def test_unparseable_json_is_a_400_in_the_error_shape(users):
    for body in ('{"username": "caseworker", ', "\xff\xfe", "NaN", '{"a": 1}}'):
        response = _anonymous().generic(
            "POST", "/api/auth/token/", body, content_type="application/json"
        )
        assert_error(response, 400, code="invalid")


def test_a_50_mb_json_body_is_refused_in_the_error_shape(users):
    body = json.dumps({"username": "a" * (50 * 1024 * 1024), "password": "x"})
    response = _anonymous().generic(
        "POST", "/api/auth/token/", body, content_type="application/json"
    )
    assert_error(response, 413, code="request_too_large")


def test_a_50_mb_json_body_from_a_logged_in_user_is_refused_in_the_error_shape(api, member):
    body = json.dumps(application(member, reason="a" * (50 * 1024 * 1024)))
    response = api("caseworker").client.generic(
        "POST", "/api/relief/applications/", body, content_type="application/json"
    )
    assert_error(response, 413, code="request_too_large")


def test_5000_form_fields_are_refused_in_the_error_shape(users):
    form = "&".join(f"f{i}=1" for i in range(5000))
    response = _anonymous().generic(
        "POST", "/api/auth/token/", form, content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, 400, code="too_many_fields")


def test_5000_multipart_fields_are_refused_in_the_error_shape(api, member):
    response = api("caseworker").client.post(
        "/api/relief/applications/",
        {f"f{i}": "1" for i in range(5000)},
        format="multipart",
    )
    assert_error(response, 400, code="too_many_fields")


def test_a_document_of_the_largest_allowed_size_still_uploads(api, member, settings):
    number = api("caseworker").post("/api/relief/applications/", application(member))
    number = number.json()["case_number"]
    content = b"%PDF-1.4\n" + b"0" * (settings.DOCUMENT_MAX_BYTES - 9)
    upload = SimpleUploadedFile("big.pdf", content, content_type="application/pdf")
    response = api("caseworker").client.post(
        f"/api/cases/{number}/documents/", {"kind": "application", "file": upload}
    )
    assert response.status_code == 201, response.content[:300]
    assert response.json()["size"] == settings.DOCUMENT_MAX_BYTES


def test_a_wrong_method_and_an_unknown_path_answer_in_the_error_shape(api):
    client = api("caseworker").client
    assert_error(client.delete("/api/me/"), 405, code="method_not_allowed")
    assert_error(client.get("/api/no-such-thing/"), 404, code="not_found")
    assert_error(_anonymous().post("/api/no-such-thing/"), 404, code="not_found")


@pytest.mark.parametrize(
    ("exception", "status", "code"),
    [
        (RequestDataTooBig("too big"), 413, "request_too_large"),
        (TooManyFieldsSent("too many"), 400, "too_many_fields"),
        (SuspiciousOperation("odd"), 400, "bad_request"),
    ],
)
def test_a_refusal_before_any_api_view_answers_in_the_error_shape(exception, status, code):
    # what Django's handlers do when a middleware, not the view, read the body
    request = RequestFactory().post("/api/auth/token/")
    assert_error(urls.handler400(request, exception), status, code=code)


def test_a_server_error_under_api_answers_in_the_error_shape():
    response = urls.handler500(RequestFactory().get("/api/cases/"))
    assert_error(response, 500, code="server_error")


def test_refusals_outside_api_stay_html_pages(db):
    request = RequestFactory().post("/accounts/login/")
    response = urls.handler400(request, TooManyFieldsSent("too many"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    response = urls.handler500(RequestFactory().get("/cases/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_login_still_works_with_a_json_body(users):
    response = _anonymous().post(
        "/api/auth/token/", {"username": "caseworker", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.json()


def test_every_api_view_reads_json_with_the_projects_parser():
    from django.urls import URLPattern, URLResolver, get_resolver
    from rest_framework.parsers import JSONParser as DrfJSONParser

    from casework.api.parsers import JSONParser

    def views(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from views(p.url_patterns)
            elif isinstance(p, URLPattern):
                yield getattr(p.callback, "cls", None)

    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    checked = [cls for cls in views(api.url_patterns) if cls is not None]
    assert len(checked) > 20
    wrong = [
        cls.__name__
        for cls in checked
        for parser in getattr(cls, "parser_classes", ())
        if issubclass(parser, DrfJSONParser) and not issubclass(parser, JSONParser)
    ]
    assert wrong == []
