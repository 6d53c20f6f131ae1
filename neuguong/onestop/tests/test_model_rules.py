"""Rules on one dossier that the model itself keeps (ASCII digits only, whatever the entry point)."""

import pytest
from django.core.exceptions import ValidationError

from neuguong.onestop.models import Dossier, validate_id_number


@pytest.mark.parametrize(
    "value",
    [
        "00119000123",
        "0011900012345",
        "001190001234\n",
        "٠٠١١٩٠٠٠١٢٣٤",
        "００１１９０００１２３４",
        "00119000123²",
    ],
)
def test_a_citizen_id_is_exactly_twelve_ascii_digits(value):
    with pytest.raises(ValidationError):
        validate_id_number(value)


def test_a_valid_citizen_id_passes():
    validate_id_number("001190001234")


@pytest.mark.parametrize("last4", ["1234", "²234", "١٢٣٤", "123", "12345", "12 4"])
def test_the_public_second_factor_takes_four_ascii_digits(last4):
    dossier = Dossier(applicant_id_number="001190001234", applicant_phone="0912341234")
    assert dossier.verify_matches(last4) is (last4 == "1234")
