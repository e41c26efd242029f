"""The server error page: rendered without the request (Django's `server_error`), it must
still be Vietnamese and sized for a phone."""

from __future__ import annotations

from django.test import RequestFactory
from django.views.defaults import server_error


def test_the_server_error_page_is_vietnamese_and_fits_a_phone():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "<h1" in body and "Đã xảy ra lỗi" in body
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
