"""The events the identity app writes read as words on a timeline, never as codes."""

from neuguong.core.audit.labels import action_label


def test_the_identity_events_have_labels_in_vietnamese():
    assert action_label("identity.citizen.signed_in") == "Đăng nhập bằng VNeID"
    assert action_label("onestop.dossier.linked") == "Gắn hồ sơ với tài khoản của công dân"
