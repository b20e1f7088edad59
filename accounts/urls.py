"""Admin-side URLs reached before signing in: the invitation link (Wagtail's `register_admin_urls` would ask for a
session first)."""

from django.urls import path

from .invitations import InvitationAcceptView

app_name = "accounts_invitation"

urlpatterns = [
    path("kich-hoat/<str:token>/", InvitationAcceptView.as_view(), name="accept"),
]
