"""The identity a citizen signs in with (VNeID through OpenID Connect), one per user.

The citizen never types their ID number: it arrives in the provider's claims and links the citizen to
their dossiers (Dossier.applicant_id_number) and feedback.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from neuguong.core.models import TimeStampedModel


class CitizenIdentity(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen_identity",
        verbose_name=_("user"),
    )
    provider = models.CharField(_("identity provider"), max_length=200)
    subject = models.CharField(_("subject identifier"), max_length=255)
    id_number = models.CharField(_("citizen ID number"), max_length=12, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    last_login_at = models.DateTimeField(_("last signed in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen identity")
        verbose_name_plural = _("citizen identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="identity_unique_provider_subject"
            ),
        ]

    def __str__(self) -> str:
        # Never the full ID number: lists and logs show it masked.
        return f"{self.full_name} · {self.masked_id_number}"

    @property
    def masked_id_number(self) -> str:
        return "•" * 8 + self.id_number[-4:] if self.id_number else ""


class DemoResident(TimeStampedModel):
    """A resident known to the demo stand-in provider (VNeID mô phỏng), in the role the national
    population database plays for the real VNeID. Only the stand-in provider reads it; the portal learns
    about a resident only from the claims the provider sends. `user` is the provider's resource owner
    (django-oauth-toolkit ties grants and tokens to a user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vneid_demo_resident",
        verbose_name=_("user"),
    )
    subject = models.CharField(_("subject identifier"), max_length=64, unique=True)
    id_number = models.CharField(_("citizen ID number"), max_length=12, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)

    class Meta:
        verbose_name = _("demo resident (stand-in VNeID)")
        verbose_name_plural = _("demo residents (stand-in VNeID)")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} · {'•' * 8}{self.id_number[-4:]}"


class DemoSigningKey(models.Model):
    """The stand-in provider's RS256 key, generated at its first use (never committed, never a
    setting) and kept here so that every process serving the demo signs and publishes the same key.
    Demo only: a real provider's key never touches this database."""

    pem = models.TextField(_("private key (PEM)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stand-in provider signing key")
        verbose_name_plural = _("stand-in provider signing keys")

    def __str__(self) -> str:
        return f"RS256 · {self.created_at:%Y-%m-%d}"
