import datetime as dt

import factory
from django.contrib.auth import get_user_model

from neuguong.org import models
from neuguong.org.constants import AgencyKind, PositionTitle, UnitLevel, UnitType


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-test-12345")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AdministrativeUnit

    code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = UnitLevel.COMMUNE
    unit_type = UnitType.XA
    province_code = "11"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agency

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử Nghiệm {n}")
    kind = AgencyKind.PEOPLES_COMMITTEE
    level = UnitLevel.COMMUNE
    unit = factory.SubFactory(UnitFactory)
    identifier_code = factory.Sequence(lambda n: f"000.{n // 100:02d}.{n % 100:02d}.H18")
    province_code = "11"


class PartyOrgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PartyOrganization

    name = factory.Sequence(lambda n: f"Đảng ủy xã Thử Nghiệm {n}")
    kind = "committee"
    province_code = "11"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Term

    person = factory.SubFactory(PersonFactory)
    title = PositionTitle.HEAD
    agency = factory.SubFactory(AgencyFactory)
    started_on = dt.date(2025, 7, 1)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Delegation

    kind = "authorisation"
    delegator = factory.SubFactory(PersonFactory)
    delegate = factory.SubFactory(PersonFactory)
    agency = factory.SubFactory(AgencyFactory)
    procedure_codes = factory.LazyFunction(lambda: ["1.001193"])
    decision_kinds = factory.LazyFunction(list)
    legal_basis_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    legal_basis_date = dt.date(2025, 7, 1)
    valid_from = dt.date(2025, 7, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory)
    role = "specialist"
