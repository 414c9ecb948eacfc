from django.urls import path

from tafelrunde.meals import views_stats

urlpatterns = [
    path("stats/", views_stats.statistics_page, name="stats"),
]
