from django.urls import path

from . import public_views

app_name = "survey_public"
urlpatterns = [
    # Before the token pattern: "done" is no token (a token always has two colons).
    path("done/", public_views.done, name="done"),
    path("<str:token>/", public_views.answer, name="answer"),
]
