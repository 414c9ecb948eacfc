from django.apps import AppConfig


class MealsConfig(AppConfig):
    name = "tafelrunde.meals"
    verbose_name = "Meals"
