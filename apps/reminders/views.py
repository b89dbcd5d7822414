"""A person's notifications and what they choose to receive: pages of the user, outside
any tenant, so they show only the signed-in person's own rows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferencesForm
from .models import Notification
from .registry import KINDS
from .selectors import portal_notifications, preferences_of

PAGE_SIZE = 30


@login_required
def notification_list(request):
    notifications = portal_notifications(request.user).select_related("organization", "municipality")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reminders/list.html", {"page": page, "kinds": KINDS})


@login_required
@require_POST
def mark_all_read(request):
    marked = services.notifications_mark_read(user=request.user)
    if marked:
        messages.success(request, _("All notifications are marked read."))
    return redirect("reminders:list")


@login_required
@require_POST
def notification_open(request, notification_id):
    """Mark the notification read and open the page it is about."""
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    services.notifications_mark_read(user=request.user, notification=notification)
    link = notification.link
    if link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("reminders:list")


@login_required
def notification_settings(request):
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, preferences=preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, preferences=form.preferences())
        messages.success(request, _("Your choice is saved."))
        return redirect("reminders:settings")
    return render(request, "reminders/settings.html", {"form": form})
