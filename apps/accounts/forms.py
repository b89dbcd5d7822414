from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from .tasks import send_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mail is sent by a Celery worker, not by the web request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html_body = (
            loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        )
        send_email.delay(subject=subject, body=body, to=[to_email], html_body=html_body)
