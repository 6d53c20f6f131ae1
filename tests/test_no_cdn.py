"""Every asset is served by the app: no page may load a script or stylesheet from another host."""

import re

import pytest

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


@pytest.mark.parametrize("url", ["/", "/login/", "/api/v1/docs", "/tra-cuu/", "/thu-tuc/"])
def test_public_pages_load_nothing_from_another_host(db, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not EXTERNAL.findall(response.content.decode()), url
