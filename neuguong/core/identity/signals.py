"""Sent when a citizen signs in through the identity provider, inside the sign-in transaction, so
that the apps link what carries the citizen's ID number (dossiers, feedback) to their account."""

from django.dispatch import Signal

# kwargs: user, identity (CitizenIdentity), created (a new account), at
citizen_signed_in = Signal()
