from django.urls import path

from tafelrunde.meals import views

urlpatterns = [
    path("", views.meal_list, name="meal-list"),
    path("new/", views.meal_create, name="meal-create"),
    path("<int:pk>/", views.meal_detail, name="meal-detail"),
    path("<int:pk>/edit/", views.meal_edit, name="meal-edit"),
    path("<int:pk>/bill/", views.meal_bill, name="meal-bill"),
    path("<int:pk>/delete/", views.meal_delete, name="meal-delete"),
]
