from django.urls import path

from .views import tokens

urlpatterns = [
    path("", tokens.token_list, name="list"),
    path("<int:token_id>/revoke/", tokens.token_revoke, name="revoke"),
]
