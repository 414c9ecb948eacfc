from django.urls import path

from tafelrunde.travel import views

urlpatterns = [
    path("", views.trip_list, name="trip-list"),
    path("new/", views.trip_create, name="trip-create"),
    path("<int:pk>/edit/", views.trip_edit, name="trip-edit"),
    path("<int:pk>/delete/", views.trip_delete, name="trip-delete"),
]
