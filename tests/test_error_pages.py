def test_it_explains_a_forbidden_page_in_vietnamese(world, login):
    response = login(world.citizen).get("/org/agencies/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_it_explains_a_missing_page(db, client):
    response = client.get("/org/agencies/999999/")
    assert response.status_code in {302, 404}
