from django.urls import path

from tafelrunde.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
