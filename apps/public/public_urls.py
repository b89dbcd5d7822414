"""/p/: the public sections «Наставничество», open to everyone (apps/public/http.py).
The committee's page comes first: «m» is no organisation's section."""

from django.urls import path

from . import public_views as views

urlpatterns = [
    path("m/<slug:committee_slug>/", views.committee, name="committee"),
    path("<slug:site_slug>/", views.section, name="section"),
    path("<slug:site_slug>/embed/", views.embed, name="embed"),
    path("<slug:site_slug>/news/", views.news_list, name="news"),
    path("<slug:site_slug>/news/<int:news_id>/", views.news_item, name="news_item"),
    path("<slug:site_slug>/news/rss/", views.news_rss, name="rss"),
    path("<slug:site_slug>/news/atom/", views.news_atom, name="atom"),
    path("<slug:site_slug>/documents/", views.document_list, name="documents"),
    path("<slug:site_slug>/documents/<int:public_document_id>/", views.document, name="document"),
    path("<slug:site_slug>/library/<int:item_id>/", views.library_item, name="library_item"),
    path("<slug:site_slug>/library/<int:item_id>/file/", views.library_file, name="library_file"),
    path("<slug:site_slug>/roadmap/", views.roadmap, name="roadmap"),
    path("<slug:site_slug>/roadmap/pdf/", views.roadmap_pdf, name="roadmap_pdf"),
]
