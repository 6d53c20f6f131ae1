"""The public landing page and every page's footer lead to the transparency pages (issue 10 §5)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_landing_page_links_every_transparency_page(client):
    page = client.get(reverse("home")).content.decode()
    for name in ("public-indicators", "feedback-public", "reception-public", "audit-digests"):
        assert f'href="{reverse(name)}"' in page, name


def test_the_footer_links_the_transparency_pages(client):
    page = client.get(reverse("onestop-procedures")).content.decode()
    footer = page[page.index("<footer") :]
    assert f'href="{reverse("public-indicators")}"' in footer
    assert reverse("public-indicators") == "/cong-khai/"
