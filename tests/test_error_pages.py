"""The error pages: in Vietnamese, with the site's own template, for staff and for the public."""

import pytest

NOT_FOUND_TITLE = "Không tìm thấy trang"
NOT_FOUND_TEXT = "Trang hoặc hồ sơ bạn yêu cầu không tồn tại."


def test_it_explains_a_forbidden_page_in_vietnamese(world, login):
    response = login(world.citizen).get("/org/agencies/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def _assert_not_found_page(response):
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert NOT_FOUND_TITLE in body
    assert NOT_FOUND_TEXT in body


def test_it_explains_a_missing_record_to_staff_who_may_open_its_kind(world, login):
    client = login(world.head)
    assert client.get(f"/org/agencies/{world.agency_a.pk}/").status_code == 200
    _assert_not_found_page(client.get("/org/agencies/999999/"))


@pytest.mark.django_db
def test_it_explains_a_missing_public_page_to_a_visitor(client):
    _assert_not_found_page(client.get("/no-such-page/"))
