from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("<int:notification_id>/open/", views.notification_open, name="open"),
    path("settings/", views.notification_settings, name="settings"),
]
