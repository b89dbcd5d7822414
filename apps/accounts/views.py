from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from apps.organizations.selectors import user_workplaces


def home(request):
    """Send the person to where they work: the last organisation they opened,
    their only workplace, or a choice when they have several."""
    workplaces = user_workplaces(user=request.user)
    last_url = request.session.get("last_workplace_url")
    if last_url and any(w.url == last_url for w in workplaces):
        return redirect(last_url)
    if len(workplaces) == 1:
        return redirect(workplaces[0].url)
    return render(request, "accounts/choose_workplace.html", {"workplaces": workplaces})


@login_not_required
@never_cache
def healthz(request):
    """For the load balancer and docker-compose: the web process and its database answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
