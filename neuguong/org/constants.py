from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class UnitType(models.TextChoices):
    TINH = "tinh", _("Province (tỉnh)")
    THANH_PHO_TW = "thanh_pho_tw", _("Centrally-run city (thành phố trực thuộc TW)")
    THANH_PHO = "thanh_pho", _("City (thành phố)")
    HUYEN = "huyen", _("District (huyện)")
    THI_XA = "thi_xa", _("Town (thị xã)")
    QUAN = "quan", _("Urban district (quận)")
    XA = "xa", _("Commune (xã)")
    PHUONG = "phuong", _("Ward (phường)")
    THI_TRAN = "thi_tran", _("Township (thị trấn)")
    DAC_KHU = "dac_khu", _("Special zone (đặc khu)")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department (sở)")
    SERVICE_CENTRE = "service_centre", _("Public service centre")
    ONESTOP_DESK = "onestop_desk", _("One-stop desk")
    DIVISION = "division", _("Specialist division")
    BRANCH = "branch", _("Branch or sector agency")
    PARTY_OFFICE = "party_office", _("Party committee office")
    PARTY_BOARD = "party_board", _("Party committee board")


class PartyOrgKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial party committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    COMMITTEE = "committee", _("Party committee")
    GRASSROOTS = "grassroots", _("Grassroots party organisation")
    CELL = "cell", _("Party cell")


class PositionTitle(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing-committee member")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")


# Titles that make someone the head (người đứng đầu) of an agency or party organisation.
HEAD_TITLES = (PositionTitle.HEAD, PositionTitle.SECRETARY)


class QuotaKind(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servants (công chức)")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employees (viên chức)")
    CONTRACT = "contract", _("Contract staff (hợp đồng)")


class DelegationKind(models.TextChoices):
    DECENTRALISATION = "decentralisation", _("Decentralisation (phân cấp)")
    AUTHORISATION = "authorisation", _("Authorisation (ủy quyền)")
    ASSIGNMENT = "assignment", _("Assignment to a deputy (phân công)")


class DecisionKind(models.TextChoices):
    """Kinds of decision that can be delegated, besides signing a named procedure's result."""

    PROCEDURE_RESULT = "procedure_result", _("Result of an administrative procedure")
    APOLOGY_LETTER = "apology_letter", _("Apology letter and new appointment")
    REFUSAL = "refusal", _("Refusal of a dossier")
    FEEDBACK_ANSWER = "feedback_answer", _("Answer to feedback")
    STAFFING = "staffing", _("Staffing and personnel decision")
    FINANCE = "finance", _("Financial decision")


class AuthorityKinds:
    # Kinds whose authority flows from the delegator personally (so it lapses with the delegator's term).
    NEEDS_HEAD_DELEGATOR = (DelegationKind.AUTHORISATION, DelegationKind.ASSIGNMENT)
