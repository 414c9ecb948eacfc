from django.urls import path

from tafelrunde.network import views

urlpatterns = [
    path("", views.contact_list, name="contact-list"),
    path("new/", views.contact_create, name="contact-create"),
    path("<int:pk>/", views.contact_detail, name="contact-detail"),
    path("<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("<int:pk>/delete/", views.contact_delete, name="contact-delete"),
]
