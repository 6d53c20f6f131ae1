"""Administrative units from the `vietnam-provinces` package (the two-level map in force since 1 July 2025)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from vietnam_provinces import Province, Ward

from neuguong.core.text import fold
from neuguong.demo.records import ensure
from neuguong.org.constants import UnitLevel, UnitType
from neuguong.org.models import AdministrativeUnit

# The two-level local government took effect on 1 July 2025 (Resolution 202/2025/QH15 and the Standing
# Committee's resolutions reorganising the commune-level units).
TWO_LEVEL_FROM = dt.date(2025, 7, 1)

_WARD_TYPES = {"xã": UnitType.XA, "phường": UnitType.PHUONG, "đặc khu": UnitType.DAC_KHU}
_PROVINCE_TYPES = {"tỉnh": UnitType.TINH, "thành phố trung ương": UnitType.THANH_PHO_TW}


class UnknownProvince(ValueError):
    pass


def find_province(name_or_code: str) -> Province:
    """Find a province by its number or its name, with or without diacritics ("dien bien")."""
    wanted = fold(name_or_code).removeprefix("tinh ").removeprefix("thanh pho ")
    for province in Province.iter_all():
        if wanted in {
            str(int(province.code)),
            fold(province.name),
            province.codename.replace("_", " "),
        }:
            return province
    raise UnknownProvince(name_or_code)


def province_unit_name(province: Province) -> str:
    kind = province.division_type.value
    prefix = "Thành phố" if kind.startswith("thành phố") else "Tỉnh"
    return f"{prefix} {province.name}"


@transaction.atomic
def load_units(
    province: Province, *, actor: str = "system:init"
) -> tuple[AdministrativeUnit, list[AdministrativeUnit]]:
    """Create (or update) the province unit and its commune-level units, audited. Idempotent."""
    code = f"{int(province.code):02d}"
    root, _ = ensure(
        AdministrativeUnit,
        {"code": code, "valid_from": None},
        {
            "name": province_unit_name(province),
            "level": UnitLevel.PROVINCE,
            "unit_type": _PROVINCE_TYPES.get(province.division_type.value, UnitType.TINH),
            "province_code": code,
        },
        actor=actor,
        update=True,
    )
    communes = []
    for ward in sorted(Ward.iter_by_province(province.code), key=lambda w: int(w.code)):
        unit, _ = ensure(
            AdministrativeUnit,
            {"code": f"{int(ward.code):05d}", "valid_from": TWO_LEVEL_FROM},
            {
                "name": ward.name,
                "level": UnitLevel.COMMUNE,
                "unit_type": _WARD_TYPES.get(ward.division_type.value, UnitType.XA),
                "parent": root,
                "province_code": code,
            },
            actor=actor,
            update=True,
        )
        communes.append(unit)
    return root, communes
