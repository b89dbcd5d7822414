from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .tasks import send_email


def absolute_url(path: str) -> str:
    """A portal address for an e-mail: the site's address from settings, not the request's."""
    return f"{settings.PORTAL_URL}{path}"


def user_send_invitation(*, user) -> None:
    """E-mail a new colleague a one-time link to set their password.

    It is Django's password-reset token, so the link stops working once used. The letter
    leaves after the transaction commits (the kernel's `OnCommitTask`).
    """
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "set_password_url": absolute_url(path)}
    subject = "".join(render_to_string("registration/invitation_subject.txt", context).splitlines())
    body = render_to_string("registration/invitation_email.txt", context)
    send_email.delay(subject=subject, body=body, to=[user.email])


def user_send_added(*, user, organization_name: str) -> None:
    """Tell a person who already has an account that another organisation added them."""
    context = {"user": user, "organization": organization_name, "sign_in_url": absolute_url(reverse("login"))}
    subject = "".join(render_to_string("registration/added_subject.txt", context).splitlines())
    body = render_to_string("registration/added_email.txt", context)
    send_email.delay(subject=subject, body=body, to=[user.email])
