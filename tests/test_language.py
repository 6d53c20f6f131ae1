def test_it_speaks_vietnamese_even_to_an_english_browser(db, client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.content.decode()


def test_it_switches_to_english_when_the_user_asks(db, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"}, follow=True)
    assert 'lang="en"' in response.content.decode()
    # ... and back.
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"}, follow=True)
    assert 'lang="vi"' in response.content.decode()
