from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("new/", views.order_create, name="create"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<slug:kind>/", views.template_edit, name="template_edit"),
    path("numbering/", views.numbering, name="numbering"),
    path("<int:order_id>/", views.order_detail, name="detail"),
    path("<int:order_id>/edit/", views.order_edit, name="edit"),
    path("<int:order_id>/regenerate/", views.order_regenerate, name="regenerate"),
    path("<int:order_id>/do/<slug:action>/", views.order_action, name="action"),
    path("<int:order_id>/pdf/", views.order_pdf, name="pdf"),
    path("<int:order_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:order_id>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
