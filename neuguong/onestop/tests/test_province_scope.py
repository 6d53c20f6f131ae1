"""Every large table carries its province, and scoped queries filter by it first (issue 7 §3)."""

import pytest

from neuguong.onestop.models import Dossier, DossierStep, DossierTransition
from neuguong.onestop.selectors import dossier_list_for_user

pytestmark = pytest.mark.django_db


def test_a_dossiers_steps_and_transitions_carry_its_province(world, receive):
    dossier = receive()
    assert dossier.province_code == "11"
    assert set(
        DossierStep.objects.filter(dossier=dossier).values_list("province_code", flat=True)
    ) == {"11"}
    assert set(
        DossierTransition.objects.filter(dossier=dossier).values_list("province_code", flat=True)
    ) == {"11"}


def test_staff_see_only_their_provinces_dossiers(world, receive):
    dossier = receive()
    assert dossier_list_for_user(world.reception).filter(pk=dossier.pk).exists()
    # The same row moved to another province (as a second tenant's would be) leaves the desk's scope.
    Dossier.objects.filter(pk=dossier.pk).update(province_code="12")
    assert not dossier_list_for_user(world.reception).filter(pk=dossier.pk).exists()
    assert not dossier_list_for_user(world.head).filter(pk=dossier.pk).exists()
    assert (
        dossier_list_for_user(world.inspector).filter(pk=dossier.pk).exists()
    )  # province-wide role
