from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_home, name="home"),
    path("profile/", views.organization_profile, name="profile"),
    path("members/", views.member_list, name="members"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<int:membership_id>/", views.member_edit, name="member_edit"),
]
